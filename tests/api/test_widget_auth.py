"""Widget keys (origins, scope, own rate limit, signed user tokens) and the /widget.js route."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from api.widget_auth import sign_user_token, verify_user_token
from assistant.config import Settings

PORTAL = "https://help.example.com"
KEY = "wk_portal_key_0000001"
SECRET = "shared-with-the-portal-backend"


def widget_keys(**extra: Any) -> list[dict[str, Any]]:
    return [{"key": KEY, "origins": [PORTAL], "rate_per_minute": 600, "burst": 50, **extra}]


def widget_headers(origin: str = PORTAL, key: str = KEY, **extra: str) -> dict[str, str]:
    return {"Origin": origin, "X-Berth-Widget-Key": key, **extra}


def test_preflight_is_answered_only_for_a_key_origin(make_client: Any) -> None:
    client = make_client(widget_keys=widget_keys())
    ok = client.options(
        "/v1/ask/stream",
        headers={
            "Origin": PORTAL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-berth-widget-key",
        },
    )
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == PORTAL
    assert "X-Berth-Widget-Key" in ok.headers["access-control-allow-headers"]
    other = client.options(
        "/v1/ask/stream",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in other.headers


def test_a_widget_key_asks_from_its_origin_even_with_api_keys_on(make_client: Any) -> None:
    client = make_client(widget_keys=widget_keys(), api_keys=["an-api-key-for-servers"])
    answered = client.post("/v1/ask", json={"question": "q on GKE"}, headers=widget_headers())
    assert answered.status_code == 200, answered.text
    assert answered.headers["access-control-allow-origin"] == PORTAL
    assert answered.headers["vary"] == "Origin"
    # Without the widget key the API still wants its own key.
    assert client.post("/v1/ask", json={"question": "q"}).status_code == 401


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        (widget_headers(origin="https://evil.example"), 403, "origin_not_allowed"),
        ({"X-Berth-Widget-Key": KEY}, 403, "origin_not_allowed"),
        (widget_headers(key="wk_unknown_key_00000001"), 401, "invalid_widget_key"),
    ],
)
def test_refusals_say_why_and_give_other_origins_no_cors(
    make_client: Any, headers: dict[str, str], status: int, code: str
) -> None:
    client = make_client(widget_keys=widget_keys())
    refused = client.post("/v1/ask", json={"question": "q"}, headers=headers)
    assert refused.status_code == status
    assert refused.json()["error"]["code"] == code
    assert "access-control-allow-origin" not in refused.headers


def test_a_widget_key_opens_only_ask_stream_and_feedback(make_client: Any) -> None:
    client = make_client(widget_keys=widget_keys())
    asked = client.post("/v1/ask", json={"question": "q"}, headers=widget_headers()).json()
    conversation = client.get(
        f"/v1/conversations/{asked['conversation_id']}", headers=widget_headers()
    )
    assert conversation.status_code == 403
    assert conversation.json()["error"]["code"] == "widget_scope"
    feedback = client.post(
        "/v1/feedback", json={"answer_id": asked["id"], "rating": "up"}, headers=widget_headers()
    )
    assert feedback.status_code == 201
    with client.stream(
        "POST", "/v1/ask/stream", json={"question": "q"}, headers=widget_headers()
    ) as stream:
        assert stream.status_code == 200
        assert stream.headers["access-control-allow-origin"] == PORTAL
        assert "event: done" in stream.read().decode()


def test_the_key_has_its_own_rate_limit_per_user(make_client: Any) -> None:
    client = make_client(
        widget_keys=widget_keys(burst=2, rate_per_minute=1), widget_token_secret=SECRET
    )

    def ask(user: str) -> Any:
        token = sign_user_token(SECRET, user)
        headers = widget_headers(**{"X-Berth-User-Token": token})
        return client.post("/v1/ask", json={"question": "q"}, headers=headers)

    assert [ask("alice").status_code for _ in range(2)] == [200, 200]
    limited = ask("alice")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["access-control-allow-origin"] == PORTAL  # the widget can read it
    assert ask("bob").status_code == 200  # another user, another bucket


def test_user_tokens_bad_expired_or_missing_are_401(make_client: Any) -> None:
    client = make_client(
        widget_keys=widget_keys(), widget_token_secret=SECRET, widget_token_required=True
    )

    def ask(token: str | None) -> Any:
        extra = {"X-Berth-User-Token": token} if token is not None else {}
        return client.post("/v1/ask", json={"question": "q"}, headers=widget_headers(**extra))

    assert ask(sign_user_token(SECRET, "alice")).status_code == 200
    payload, _, _ = sign_user_token(SECRET, "alice").partition(".")
    forged = sign_user_token("another-secret", "mallory")
    cases = {
        "missing_user_token": ask(None),
        "invalid_user_token": ask(payload + "." + forged.partition(".")[2]),
        "expired_user_token": ask(sign_user_token(SECRET, "alice", ttl_seconds=-5)),
    }
    for code, response in cases.items():
        assert response.status_code == 401, code
        assert response.json()["error"]["code"] == code
    assert ask("not-a-token").json()["error"]["code"] == "invalid_user_token"


def test_a_token_that_lives_too_long_is_refused() -> None:
    token = sign_user_token(SECRET, "alice", ttl_seconds=10 * 24 * 3600, now=1000.0)
    with pytest.raises(Exception, match="longer than allowed"):
        verify_user_token(SECRET, token, max_ttl=3600, now=1000.0)
    assert verify_user_token(SECRET, sign_user_token(SECRET, "a", 60, 1000.0), 3600, 1001.0) == "a"


def test_widget_keys_need_exact_origins() -> None:
    with pytest.raises(ValidationError, match="not an origin"):
        Settings(_env_file=None, widget_keys=[{"key": KEY, "origins": ["https://x.com/help"]}])  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="needs BERTH_WIDGET_TOKEN_SECRET"):
        Settings(_env_file=None, widget_token_required=True)  # type: ignore[call-arg]


def test_widget_js_is_cacheable_by_content_hash(make_client: Any, tmp_path: Path) -> None:
    bundle = tmp_path / "berth-widget.js"
    bundle.write_text("console.log('v1')")
    client = make_client(widget_bundle=bundle)
    first = client.get("/widget.js")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/javascript")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=300"
    again = client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    versioned = client.get(f"/widget.js?v={etag.strip(chr(34))}")
    assert "immutable" in versioned.headers["cache-control"]
    bundle.write_text("console.log('v2, rebuilt')")
    changed = client.get("/widget.js", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_widget_routes_say_to_build_when_the_bundle_is_missing(
    make_client: Any, tmp_path: Path
) -> None:
    client = make_client(widget_bundle=tmp_path / "missing.js")
    for path in ("/widget.js", "/widget/demo"):
        missing = client.get(path)
        assert missing.status_code == 503
        assert "make install" in missing.json()["error"]["message"]


def test_demo_page_embeds_the_versioned_bundle_under_a_strict_csp(
    make_client: Any, tmp_path: Path
) -> None:
    bundle = tmp_path / "berth-widget.js"
    bundle.write_text("1")
    client = make_client(widget_bundle=bundle)
    demo = client.get("/widget/demo?lang=ko&mode=inline")
    assert demo.status_code == 200
    version = client.get("/widget.js").headers["etag"].strip('"')
    assert f'src="/widget.js?v={version}"' in demo.text
    assert 'lang="ko"' in demo.text and 'data-inline="#help-inline"' in demo.text
    csp = demo.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/widget/demo?lang=fr").status_code == 422
