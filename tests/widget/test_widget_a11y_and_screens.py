"""axe-core in the page (zero serious or critical violations), and the README's screenshots."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from widget_pages import REPO, portal_html

pytestmark = pytest.mark.integration
DOCS = REPO / "docs"
GKE_EN = "Can I run my .NET Framework app on GKE?"
GKE_KO = "GKE에서 .NET Framework 앱을 실행할 수 있나요?"


def answered(page: Page, question: str) -> Any:
    box = page.get_by_role("textbox")
    box.fill(question)
    box.press("Enter")
    turn = page.locator("berth-widget article.turn").last
    expect(turn.locator(".footer button").first).to_be_visible(timeout=20_000)
    return turn


def serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(
    browser: Any, berth: Any, portal: Any, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(portal.page(f"/axe-{scheme}", portal_html(berth)))
        launcher = page.get_by_role("button", name="Ask Berth")
        launcher.wait_for()
        assert serious(page) == []  # closed: just the launcher
        launcher.click()
        turn = answered(page, GKE_EN)
        turn.get_by_role("button", name="Not helpful").click()  # the comment form too
        violations = serious(page)
        print(f"\naxe ({scheme}): {len(violations)} serious/critical violations")
        assert violations == []
    finally:
        context.close()


SHOTS = [
    ("widget-en.png", "en", "light", {"width": 1000, "height": 780}, GKE_EN),
    ("widget-ko.png", "ko", "light", {"width": 1000, "height": 780}, GKE_KO),
    ("widget-dark.png", "en", "dark", {"width": 1000, "height": 780}, GKE_EN),
    ("widget-mobile.png", "ko", "light", {"width": 390, "height": 780}, GKE_KO),
]


def test_screenshots_for_the_readme(browser: Any, berth: Any, portal: Any) -> None:
    DOCS.mkdir(exist_ok=True)
    for name, lang, scheme, viewport, question in SHOTS:
        context = browser.new_context(
            viewport=viewport, color_scheme=scheme, is_mobile=viewport["width"] < 500
        )
        page = context.new_page()
        try:
            # The page follows the scheme too, as a portal with a dark theme would.
            head = '<meta name="color-scheme" content="light dark">'
            page.goto(portal.page(f"/shot-{name}", portal_html(berth, lang=lang, head=head)))
            label = "Berth에게 묻기" if lang == "ko" else "Ask Berth"
            page.get_by_role("button", name=label).click()
            turn = answered(page, question)
            expect(turn.locator(".chip")).to_have_text(re.compile("Yes|예"))
            if viewport["width"] < 500:
                panel = page.locator("berth-widget .panel").bounding_box()
                # A full-screen sheet on a narrow screen.
                assert panel and panel["width"] == viewport["width"]
            page.locator("berth-widget .log").evaluate("el => el.scrollTop = 0")
            page.wait_for_timeout(200)  # the opening animation
            page.screenshot(path=str(DOCS / name))
        finally:
            context.close()
    for name, *_ in SHOTS:
        assert (DOCS / name).stat().st_size > 10_000
