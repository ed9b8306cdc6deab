"""The built bundle: within its size budget, and free of what a strict CSP or XSS review forbids."""

from __future__ import annotations

import gzip

import pytest
from widget_pages import BUNDLE

BUDGET_GZIP = 35 * 1024


@pytest.fixture(scope="module")
def bundle() -> bytes:
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: run 'make install' (npm ci and the widget build)")
    return BUNDLE.read_bytes()


def test_bundle_is_within_budget(bundle: bytes) -> None:
    gzipped = len(gzip.compress(bundle, compresslevel=9))
    print(f"\nwidget bundle: {len(bundle) / 1024:.1f} kB raw, {gzipped / 1024:.1f} kB gzipped")
    assert gzipped <= BUDGET_GZIP


@pytest.mark.parametrize(
    "forbidden",
    [
        "eval(",
        "new Function",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        ".style.",
        "document.write",
        'setAttribute("style"',
    ],
)
def test_bundle_never_parses_html_or_sets_inline_styles(bundle: bytes, forbidden: str) -> None:
    assert forbidden.encode() not in bundle
