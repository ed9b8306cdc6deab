"""The widget in a real browser (headless Chromium), against the real app and Assistant."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from widget_pages import WIDGET_KEY, portal_html, strict_csp

pytestmark = pytest.mark.integration

GKE = "Can I run my .NET Framework app on GKE?"
TIMEOUT = 20_000


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def widget(page: Page) -> Any:
    return page.locator("berth-widget")


def ask(page: Page, question: str) -> None:
    box = page.get_by_role("textbox")
    box.fill(question)
    box.press("Enter")


def last_turn(page: Page) -> Any:
    return page.locator("berth-widget article.turn").last


def wait_answered(page: Page) -> Any:
    turn = last_turn(page)
    expect(turn.locator(".footer button").first).to_be_visible()
    return turn


def test_launcher_opens_a_dialog_focus_moves_in_and_back(
    page: Page, berth: Any, portal: Any
) -> None:
    page.goto(portal.page("/launcher", portal_html(berth)))
    launcher = page.get_by_role("button", name="Ask Berth")
    expect(launcher).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.focus()
    launcher.press("Enter")
    dialog = page.get_by_role("dialog", name="Ask Berth")
    expect(dialog).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    # Focus moved into the dialog, onto the question box.
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()


def test_click_to_panel_visible_is_fast(page: Page, berth: Any, portal: Any) -> None:
    page.goto(portal.page("/timing", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").wait_for()
    # Measured in the page: from the click to the first frame painted with the panel shown.
    elapsed = page.evaluate(
        """() => new Promise((resolve) => {
            const host = document.querySelector('berth-widget');
            const launcher = host.shadowRoot.querySelector('.launcher');
            const panel = host.shadowRoot.querySelector('.panel');
            const t0 = performance.now();
            launcher.click();
            requestAnimationFrame(() => requestAnimationFrame(() => {
                const box = panel.getBoundingClientRect();
                resolve(box.height > 0 ? performance.now() - t0 : -1);
            }));
        })"""
    )
    print(f"\nclick to panel visible: {elapsed:.1f} ms")
    assert 0 <= elapsed < 300


def test_english_answer_streams_chip_conditions_and_citations(
    page: Page, berth: Any, portal: Any
) -> None:
    page.goto(portal.page("/en", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").click()
    ask(page, GKE)
    turn = wait_answered(page)
    expect(turn.locator(".question")).to_contain_text(GKE)
    expect(turn.locator(".chip")).to_have_text(re.compile("Yes, if…"))
    expect(turn.get_by_role("heading", name="Conditions (all must hold)")).to_be_visible()
    expect(turn.locator(".conditions li").first).to_contain_text("GKE Standard")
    expect(turn.get_by_role("heading", name="Alternatives")).to_be_visible()
    sources = turn.locator(".sources li")
    assert sources.count() >= 2
    first = sources.first.get_by_role("link")
    assert (first.get_attribute("href") or "").startswith("https://")
    expect(first).to_have_attribute("target", "_blank")
    expect(sources.first.locator(".meta")).to_contain_text("gke-standard")
    # The [n] marks in the text are links to their sources.
    expect(turn.locator(".md a.mark").first).to_have_attribute(
        "aria-label", re.compile("^Source 1")
    )
    # Conditions are drawn once, from the verdict: the text's repeat of the list is dropped.
    assert turn.locator("li", has_text="Use GKE Standard, not GKE Autopilot.").count() == 1
    expect(page.locator("berth-widget [role=status]")).to_contain_text("Berth answered: Yes, if…")
    turn.get_by_role("button", name="Copy answer").click()
    expect(page.locator("berth-widget [role=status]")).to_have_text("Answer copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Yes, with conditions.") and "[1] https://" in copied


def test_korean_page_and_question(page: Page, berth: Any, portal: Any) -> None:
    page.goto(portal.page("/ko", portal_html(berth, lang="ko")))
    page.get_by_role("button", name="Berth에게 묻기").click()
    expect(page.get_by_role("dialog", name="Berth에게 묻기")).to_be_visible()
    ask(page, "GKE에서 .NET Framework 앱을 실행할 수 있나요?")
    turn = wait_answered(page)
    expect(turn.locator(".chip")).to_have_text(re.compile("예, 조건부"))
    expect(turn.get_by_role("heading", name="출처")).to_be_visible()
    expect(turn.get_by_role("button", name="답변 복사")).to_be_visible()
    expect(turn.get_by_role("button", name="도움이 됨")).to_be_visible()
    assert re.search("[가-힣]", turn.locator(".md").inner_text())


def sent_bodies(page: Page) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    page.on(
        "request",
        lambda r: (
            bodies.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/v1/ask/stream") and r.method == "POST"
            else None
        ),
    )
    return bodies


def test_follow_up_continues_and_reload_keeps_the_conversation(
    page: Page, berth: Any, portal: Any
) -> None:
    bodies = sent_bodies(page)
    page.goto(portal.page("/follow", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").wait_for()
    page.evaluate("Berth.open()")
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()
    ask(page, GKE)
    wait_answered(page)
    ask(page, "what about EKS?")
    expect(page.locator("berth-widget article.turn")).to_have_count(2)
    follow = wait_answered(page)
    expect(follow.locator(".chip")).to_be_visible()
    assert "conversation_id" not in bodies[0]
    cid = bodies[1]["conversation_id"]
    assert cid.startswith("c")
    # The server resolved the follow-up in the same thread, which belongs to the portal's key.
    turns = berth.services.conversations.turns(cid, owner="widget:test-portal")
    assert [t.question for t in turns][-1] == "what about EKS?"

    page.reload()
    expect(page.get_by_role("dialog", name="Ask Berth")).to_be_visible()
    turns = page.locator("berth-widget article.turn")
    expect(turns).to_have_count(2)
    expect(turns.first.locator(".chip")).to_have_text(re.compile("Yes, if…"))
    expect(turns.first.locator(".sources li").first).to_be_visible()
    ask(page, "and AKS?")
    wait_answered(page)
    assert bodies[-1]["conversation_id"] == cid


def test_feedback_with_a_comment_is_stored(page: Page, berth: Any, portal: Any) -> None:
    page.goto(portal.page("/feedback", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").click()
    ask(page, "Can Cloud Run take a Windows image?")
    turn = wait_answered(page)
    turn.get_by_role("button", name="Not helpful").click()
    comment = turn.get_by_role("textbox", name="Tell us more (optional)")
    expect(comment).to_be_focused()
    comment.fill("wanted the Windows alternative first")
    turn.get_by_role("button", name="Send feedback").click()
    expect(turn.locator(".fb-status")).to_have_text("Thanks for the feedback.")
    expect(turn.get_by_role("button", name="Not helpful")).to_have_attribute("aria-pressed", "true")
    stored = [f for f in berth.services.feedback.list("down") if f.question.startswith("Can Cloud")]
    assert stored and stored[0].comment == "wanted the Windows alternative first"


def test_keyboard_only_flow(page: Page, berth: Any, portal: Any) -> None:
    page.goto(portal.page("/keys", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").wait_for()
    page.keyboard.press("Tab")  # the page's own link
    page.keyboard.press("Tab")  # the launcher
    expect(page.get_by_role("button", name="Ask Berth")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()
    page.keyboard.type("Can Cloud Run take a Windows image?")
    page.keyboard.press("Enter")
    turn = wait_answered(page)
    expect(turn.locator(".chip")).to_have_text(re.compile("No$"))
    # Tab from the box forward reaches the answer's actions only through focusable controls.
    turn.get_by_role("button", name="Copy answer").focus()
    page.keyboard.press("Tab")
    expect(turn.get_by_role("button", name="Helpful", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(turn.get_by_role("textbox", name="Tell us more (optional)")).to_be_focused()
    page.keyboard.press("Tab")  # "Send feedback"
    page.keyboard.press("Tab")
    expect(turn.get_by_role("button", name="Skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(turn.locator(".fb-status")).to_have_text("Thanks for the feedback.")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("button", name="Ask Berth")).to_be_focused()


def test_enter_during_ime_composition_does_not_send(page: Page, berth: Any, portal: Any) -> None:
    bodies = sent_bodies(page)
    page.goto(portal.page("/ime", portal_html(berth, lang="ko")))
    page.get_by_role("button", name="Berth에게 묻기").click()
    box = page.get_by_role("textbox", name="질문")
    box.fill("GKE에서 윈도우 컨테이너를 쓸 수 있")
    cdp = page.context.new_cdp_session(page)
    # A real composition, as a Korean IME makes it: '나' is being composed when Enter comes.
    cdp.send("Input.imeSetComposition", {"text": "나", "selectionStart": 1, "selectionEnd": 1})
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert bodies == []
    expect(page.locator("berth-widget article.turn")).to_have_count(0)
    # A keydown that says it is composing (what Chrome and Safari send) is not a send either.
    box.dispatch_event("keydown", {"key": "Enter", "isComposing": True, "bubbles": True})
    page.wait_for_timeout(200)
    assert bodies == []
    cdp.send("Input.insertText", {"text": "나요?"})  # commits the composition
    page.keyboard.press("Enter")
    wait_answered(page)
    assert len(bodies) == 1 and bodies[0]["question"].endswith("나요?")


HOSTILE_CSS = """<style>
* { font-size: 40px !important; color: #f0f !important; margin: 17px !important;
    line-height: 0.5 !important; box-sizing: content-box !important; }
html, body { all: unset; }
button { display: none !important; }
div, p, article, section { position: static !important; width: 10px !important; }
textarea, input { visibility: hidden !important; }
</style>"""


def test_hostile_host_page_does_not_break_it(page: Page, berth: Any, portal: Any) -> None:
    # Storage that throws, as in a sandboxed frame or with storage blocked: the widget still works.
    page.add_init_script(
        "Object.defineProperty(window, 'sessionStorage', "
        "{get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page.goto(portal.page("/hostile", portal_html(berth, head=HOSTILE_CSS)))
    launcher = page.get_by_role("button", name="Ask Berth")
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    assert box and 40 <= box["height"] <= 80 and box["width"] < 300
    launcher.click()
    ask(page, GKE)
    turn = wait_answered(page)
    expect(turn.locator(".chip")).to_have_text(re.compile("Yes, if…"))
    styles = turn.locator(".md p").first.evaluate(
        "el => { const s = getComputedStyle(el); return [s.color, s.fontSize]; }"
    )
    assert styles[0] != "rgb(255, 0, 255)" and styles[1] == "15px"
    panel = page.get_by_role("dialog").bounding_box()
    assert panel and panel["width"] == 400


def test_strict_csp_page_works_without_violations(page: Page, berth: Any, portal: Any) -> None:
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    url = portal.page(
        "/csp", portal_html(berth), headers={"Content-Security-Policy": strict_csp(berth)}
    )
    page.goto(url)
    page.get_by_role("button", name="Ask Berth").click()
    ask(page, GKE)
    turn = wait_answered(page)
    expect(turn.locator(".chip")).to_have_text(re.compile("Yes, if…"))
    # Styles applied (constructable sheets are not blocked): the chip has its colours.
    assert turn.locator(".chip").evaluate("el => getComputedStyle(el).borderRadius") == "999px"
    assert page.evaluate("window.__csp") == []


def test_demo_page_served_by_berth(page: Page, berth: Any) -> None:
    response = page.goto(f"{berth.base}/widget/demo?lang=ko")
    assert response and "default-src 'self'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="컨테이너에 대해 묻기").click()  # data-open-selector
    expect(page.get_by_role("dialog", name="Berth에게 묻기")).to_be_visible()
    ask(page, "Cloud Run에서 윈도우 이미지를 실행할 수 있나요?")
    expect(wait_answered(page).locator(".chip")).to_have_text(re.compile("아니요$"))
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="컨테이너에 대해 묻기")).to_be_focused()


HOSTILE_ANSWER = {
    "id": "ans_hostile",
    "question": "q",
    "language": "en",
    "answer": '**No.** <img src=x onerror="window.__pwned=2"> [1] <script>window.__pwned=3</script>'
    "\n\n[click](javascript:window.__pwned=4)",
    "reading": {"text": 'Read as: <img src=x onerror="window.__pwned=5">'},
    "verdict": {"status": "no", "conditions": [], "alternatives": ['<b onmouseover="x">alt</b>']},
    "citations": [
        {
            "n": 1,
            "source": "corpus/notes/<img src=x onerror=window.__pwned=6>.md",
            "section": "<svg onload=window.__pwned=7>",
            "url": "javascript:window.__pwned=8",
            "snippet": "<img src=x onerror=window.__pwned=9>",
            "checked": None,
        }
    ],
    "declined": False,
    "conversation_id": "c_hostile",
}


def test_markup_in_question_and_answer_never_runs(page: Page, berth: Any, portal: Any) -> None:
    page.goto(portal.page("/xss", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").click()
    # A real round trip first: the question's markup goes to Berth and comes back as text.
    question = '<img src=x onerror="window.__pwned=1"> on GKE?'
    ask(page, question)
    turn = wait_answered(page)
    expect(turn.locator(".question")).to_contain_text(question)
    # Then an answer that is nothing but markup, delivered over the stream as Berth would.
    meta = {k: HOSTILE_ANSWER[k] for k in ("id", "conversation_id", "verdict", "reading")}
    body = (
        f"event: meta\ndata: {json.dumps(meta)}\n\n"
        f"event: delta\ndata: {json.dumps({'text': HOSTILE_ANSWER['answer']})}\n\n"
        f"event: done\ndata: {json.dumps(HOSTILE_ANSWER)}\n\n"
    )
    page.route(
        "**/v1/ask/stream",
        lambda route: route.fulfill(
            status=200,
            body=body,
            headers={"Content-Type": "text/event-stream", "Access-Control-Allow-Origin": "*"},
        ),
    )
    ask(page, "anything")
    hostile = wait_answered(page)
    expect(hostile.locator(".md")).to_contain_text('<img src=x onerror="window.__pwned=2">')
    expect(hostile.locator(".reading")).to_have_text(
        'Read as: <img src=x onerror="window.__pwned=5">'
    )
    page.mouse.move(10, 10)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    shadow_tags = page.evaluate(
        "() => [...document.querySelector('berth-widget').shadowRoot.querySelectorAll"
        "('img, script, svg:not([aria-hidden]), b, iframe')].map(e => e.tagName)"
    )
    assert shadow_tags == []
    hrefs = hostile.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h and not h.startswith("http")]


def test_disallowed_origin_is_refused(page: Page, berth: Any, portal: Any) -> None:
    # Same server, other origin: http://localhost:PORT is not the key's http://127.0.0.1:PORT.
    portal.page("/other", portal_html(berth))
    page.goto(portal.base.replace("127.0.0.1", "localhost") + "/other")
    page.get_by_role("button", name="Ask Berth").click()
    ask(page, GKE)
    expect(last_turn(page).locator(".error")).to_have_text(
        "Can't reach Berth. Check your connection and try again."
    )
    other = portal.base.replace("127.0.0.1", "localhost")
    preflight = httpx.options(
        f"{berth.base}/v1/ask/stream",
        headers={"Origin": other, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    refused = httpx.post(
        f"{berth.base}/v1/ask",
        json={"question": GKE},
        headers={"Origin": other, "X-Berth-Widget-Key": WIDGET_KEY},
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in refused.headers


def test_stop_timeout_network_error_and_retry_in_korean(
    page: Page, berth: Any, portal: Any
) -> None:
    held: list[Any] = []
    page.route("**/v1/ask/stream", lambda route: held.append(route))  # held: never answered
    page.goto(portal.page("/slow", portal_html(berth, lang="ko", attrs=' data-timeout="2"')))
    page.get_by_role("button", name="Berth에게 묻기").click()
    ask(page, "GKE에서 윈도우 컨테이너를 쓸 수 있나요?")
    expect(last_turn(page).locator(".thinking")).to_be_visible()
    page.get_by_role("button", name="중지").click()
    expect(last_turn(page).locator(".error")).to_have_text("중지했습니다.")

    started = time.monotonic()
    last_turn(page).get_by_role("button", name="다시 시도").click()
    expect(last_turn(page).locator(".error")).to_have_text(
        "Berth의 답변이 너무 오래 걸렸습니다. 다시 시도해 주세요.", timeout=6000
    )
    assert time.monotonic() - started >= 1.8

    page.unroute("**/v1/ask/stream")
    page.route("**/v1/ask/stream", lambda route: route.abort("internetdisconnected"))
    last_turn(page).get_by_role("button", name="다시 시도").click()
    expect(last_turn(page).locator(".error")).to_have_text(
        "Berth에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도해 주세요."
    )
    page.unroute("**/v1/ask/stream")
    last_turn(page).get_by_role("button", name="다시 시도").click()
    turn = wait_answered(page)
    expect(turn.locator(".chip")).to_be_visible()
    expect(page.locator("berth-widget article.turn")).to_have_count(1)


def test_js_api_inline_mode_and_analytics_events(page: Page, berth: Any, portal: Any) -> None:
    page.add_init_script(
        "window.__events = []; ['open','ask','answer','feedback','error'].forEach(n =>"
        " document.addEventListener('berth:' + n, e => window.__events.push([n, e.detail])));"
    )
    body = '<div id="help" class="help-box"></div>'
    url = portal.page(
        "/inline",
        portal_html(
            berth,
            body=body,
            attrs=' data-inline="#help" data-title="Platform help" data-accent="#8a1f7a"',
        ),
    )
    page.goto(url)
    region = page.get_by_role("region", name="Platform help")
    expect(region).to_be_visible()
    assert page.get_by_role("button", name="Ask Berth").count() == 0
    assert page.locator("#help berth-widget").count() == 1
    # The trailing 0: Playwright would call a function the expression returns (here: unsubscribe).
    page.evaluate("window.__seen = []; Berth.on('answer', d => window.__seen.push(d.verdict)); 0")
    page.evaluate(f"Berth.ask({json.dumps(GKE)})")
    turn = wait_answered(page)
    expect(turn.locator(".chip")).to_have_text(re.compile("Yes, if…"))
    assert page.evaluate("window.__seen") == ["conditional"]
    names = [n for n, _ in page.evaluate("window.__events")]
    assert names[-2:] == ["ask", "answer"]
    answer_event = page.evaluate("window.__events")[-1][1]
    assert answer_event["answer_id"].startswith("ans_") and answer_event["ms"] >= 0
    accent = turn.locator(".question").evaluate("el => getComputedStyle(el).backgroundColor")
    assert accent == "rgb(138, 31, 122)"


def test_the_chip_shows_from_meta_alone_and_a_cut_stream_says_so(
    page: Page, berth: Any, portal: Any
) -> None:
    meta = {
        "id": "ans_x",
        "conversation_id": None,
        "verdict": {"status": "unknown", "conditions": [], "alternatives": []},
        "reading": {"text": "Read as: SCTP on GKE."},
    }
    page.route(
        "**/v1/ask/stream",
        lambda route: route.fulfill(
            status=200,
            body=f"event: meta\ndata: {json.dumps(meta)}\n\n",
            headers={"Content-Type": "text/event-stream", "Access-Control-Allow-Origin": "*"},
        ),
    )
    page.goto(portal.page("/cut", portal_html(berth)))
    page.get_by_role("button", name="Ask Berth").click()
    ask(page, "Does GKE support SCTP?")
    turn = last_turn(page)
    expect(turn.locator(".chip")).to_have_text(re.compile("Not settled$"))
    expect(turn.locator(".reading")).to_have_text("Read as: SCTP on GKE.")
    expect(turn.locator(".error")).to_have_text("The answer was cut off. Try again.")
    expect(turn.get_by_role("button", name="Retry")).to_be_visible()
