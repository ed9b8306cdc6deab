"""Helpers for the widget's browser tests: the portal pages they embed the widget in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from berth_testing import REPO

__all__ = ["REPO"]

BUNDLE = REPO / "widget" / "dist" / "berth-widget.js"
CHROMIUM = "/usr/bin/chromium"
WIDGET_KEY = "wk_test_portal_000001"


@dataclass
class Berth:
    base: str
    services: Any


def portal_html(
    berth: Berth,
    *,
    lang: str = "en",
    attrs: str = "",
    head: str = "",
    body: str = "",
    key: str | None = WIDGET_KEY,
) -> str:
    key_attr = f' data-berth-key="{key}"' if key else ""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portal</title>{head}</head>
<body><h1>Help portal</h1><p><a href="#top">Top of the page</a></p>{body}
<script src="{berth.base}/widget.js"{key_attr}{attrs} defer></script>
</body></html>"""


def strict_csp(berth: Berth) -> str:
    """The policy the README asks a portal for, and nothing more."""
    return f"default-src 'self'; script-src 'self' {berth.base}; connect-src 'self' {berth.base}"
