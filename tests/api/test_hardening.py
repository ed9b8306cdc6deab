"""Issue 10's HTTP items, each reproducing the failure the outside tester found.

Servers are real uvicorn on loopback, started with `api.server.uvicorn_options` (exactly how
`berth serve` runs them); mechanics with no network angle use the TestClient.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from loopback import running

from api.app import create_app
from api.server import uvicorn_options

KEY = "k" * 24
AUTH = {"Authorization": f"Bearer {KEY}"}


def _raw(base: str, request: bytes, read: int = 65536) -> bytes:
    """Send bytes as they are (httpx would refuse or fix them) and read the reply."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        # The server may answer and close before taking it all.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        chunks = []
        while True:
            try:
                data = sock.recv(read)
            except ConnectionResetError:
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


# --- item 4: X-Forwarded-For ------------------------------------------------------------------


@pytest.mark.integration
def test_a_rotating_forwarded_for_does_not_escape_the_rate_limit(
    settings_for: Any, fake_cls: Any
) -> None:
    """With auth off, rotating X-Forwarded-For used to give a fresh bucket each time: 200/200."""
    settings = settings_for(rate_limit_burst=3, rate_limit_per_minute=1)
    app = create_app(settings, fake_cls(settings.state_db))
    with running(app, **uvicorn_options(settings)) as base, httpx.Client(base_url=base) as http:
        statuses = [
            http.get(
                "/v1/conversations/c_x", headers={"X-Forwarded-For": f"10.0.0.{i}"}
            ).status_code
            for i in range(10)
        ]
    assert statuses[:3] == [404, 404, 404]
    assert set(statuses[3:]) == {429}


@pytest.mark.integration
def test_forwarded_for_is_believed_from_a_listed_proxy_only(
    settings_for: Any, fake_cls: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(
        rate_limit_burst=1, rate_limit_per_minute=1, trusted_proxies="127.0.0.1"
    )
    app = create_app(settings, fake_cls(settings.state_db))
    with (
        caplog.at_level("INFO", logger="berth.api"),
        running(app, **uvicorn_options(settings)) as base,
        httpx.Client(base_url=base) as http,
    ):
        statuses = [
            http.get(
                "/v1/conversations/c_x", headers={"X-Forwarded-For": f"10.0.0.{i}"}
            ).status_code
            for i in range(3)
        ]
    # Behind a trusted proxy each client has its own bucket, and the log names the client.
    assert statuses == [404, 404, 404]
    clients = {getattr(r, "client", None) for r in caplog.records if r.getMessage() == "request"}
    assert {"10.0.0.0", "10.0.0.1", "10.0.0.2"} <= clients


def test_trusted_proxies_default_to_none(settings_for: Any) -> None:
    options = uvicorn_options(settings_for())
    assert options["proxy_headers"] is False and options["forwarded_allow_ips"] is None


# --- item 6: header and request-line limits, before auth --------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("size", [64 * 1024, 8 * 1024 * 1024])
def test_oversized_headers_get_431_before_auth(settings_for: Any, fake_cls: Any, size: int) -> None:
    settings = settings_for(api_keys=[KEY])
    app = create_app(settings, fake_cls(settings.state_db))
    with running(app, **uvicorn_options(settings)) as base:
        started = time.monotonic()
        reply = _raw(
            base,
            b"GET /v1/conversations/c_x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
            + b"a" * size
            + b"\r\n\r\n",
        )
        elapsed = time.monotonic() - started
        # The server still answers everyone else.
        ok = httpx.get(f"{base}/v1/conversations/c_x", headers=AUTH, timeout=5)
    assert reply.startswith(b"HTTP/1.1 431 "), reply[:200]
    body = json.loads(reply.split(b"\r\n\r\n", 1)[1])
    assert body["error"]["code"] == "head_too_large"
    assert ok.status_code == 404
    assert elapsed < 10


@pytest.mark.integration
def test_an_oversized_request_line_gets_414(settings_for: Any, fake_cls: Any) -> None:
    settings = settings_for()
    app = create_app(settings, fake_cls(settings.state_db))
    with running(app, **uvicorn_options(settings)) as base:
        reply = _raw(base, b"GET /" + b"a" * 40_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        normal = httpx.get(f"{base}/healthz", headers={"X-Ok": "a" * 4000}, timeout=5)
    assert reply.startswith(b"HTTP/1.1 414 "), reply[:200]
    assert normal.status_code == 200


# --- item 8: the Host header is never reflected ------------------------------------------------


@pytest.mark.integration
def test_host_header_is_not_reflected_and_unknown_hosts_are_refused(
    settings_for: Any, fake_cls: Any
) -> None:
    settings = settings_for(allowed_hosts="127.0.0.1,localhost")
    app = create_app(settings, fake_cls(settings.state_db))
    with running(app, **uvicorn_options(settings)) as base:
        evil = _raw(base, b"GET /v1/conversations/c_x/ HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        slash = httpx.post(f"{base}/v1/ask/", json={"question": "q"}, follow_redirects=False)
    assert evil.startswith(b"HTTP/1.1 400 ") and b"evil.example" not in evil
    # Trailing-slash requests are not redirected (the redirect was built from Host).
    assert slash.status_code == 404 and "location" not in slash.headers


def test_loopback_hosts_are_allowed_by_default() -> None:
    from assistant.config import Settings

    assert {"localhost", "127.0.0.1"} <= set(Settings(_env_file=None).allowed_hosts)


# --- item 10: the smaller ones -------------------------------------------------------------------


def test_refusals_are_labelled_with_their_route(make_client: Any) -> None:
    client = make_client(api_keys=[KEY], rate_limit_burst=1, rate_limit_per_minute=1)
    client.get("/v1/conversations/c_1")
    client.get("/v1/conversations/c_2", headers=AUTH)
    client.get("/v1/conversations/c_3", headers=AUTH)
    metrics = client.get("/metrics", headers=AUTH).text
    route = 'route="/v1/conversations/{conversation_id}"'
    assert f'berth_http_requests_total{{method="GET",{route},status="401"}} 1.0' in metrics
    assert f'berth_http_requests_total{{method="GET",{route},status="429"}} 1.0' in metrics
    assert 'route="unmatched"' not in metrics


def test_a_timed_out_answer_is_not_stored_as_a_turn(
    make_client: Any, settings_for: Any, fake_cls: Any
) -> None:
    slow = fake_cls(settings_for().state_db, step_seconds=0.15, steps=4)
    client = make_client(assistant=slow, request_timeout_seconds=0.2)
    cid = slow.conversations.start()
    response = client.post("/v1/ask", json={"question": "Can I?", "conversation_id": cid})
    assert response.status_code == 504
    time.sleep(1.0)  # longer than the whole answer would have taken
    assert slow.conversations.turns(cid) == []
    assert not slow.completed.is_set()


def test_turns_are_capped_and_the_get_is_paginated(
    make_client: Any, settings_for: Any, fake_cls: Any
) -> None:
    settings = settings_for(conversation_max_turns=5)
    fake = fake_cls(settings.state_db)
    from assistant.state.conversations import ConversationStore

    fake.conversations = ConversationStore(settings.state_db, 3600, max_turns=5)
    client = make_client(assistant=fake, conversation_max_turns=5)
    cid = client.post("/v1/ask", json={"question": "q0"}).json()["conversation_id"]
    for i in range(1, 8):
        ok = client.post("/v1/ask", json={"question": f"q{i}", "conversation_id": cid})
        assert ok.status_code == 200
    whole = client.get(f"/v1/conversations/{cid}").json()
    assert [t["question"] for t in whole["turns"]] == ["q3", "q4", "q5", "q6", "q7"]
    assert whole["older"] is None

    page = client.get(f"/v1/conversations/{cid}", params={"limit": 2}).json()
    assert [t["question"] for t in page["turns"]] == ["q6", "q7"]
    seen = [t["question"] for t in page["turns"]]
    while page["older"]:
        page = client.get(
            f"/v1/conversations/{cid}", params={"limit": 2, "before": page["older"]}
        ).json()
        seen = [t["question"] for t in page["turns"]] + seen
    assert seen == ["q3", "q4", "q5", "q6", "q7"]
    too_big = client.get(f"/v1/conversations/{cid}", params={"limit": 100_000})
    assert too_big.status_code == 422


@pytest.mark.parametrize("question", ["\u200b\u200b\u200b", "\x00\x00", "\ufeff \u200d\x00"])
def test_invisible_only_questions_are_422(client: TestClient, question: str) -> None:
    response = client.post("/v1/ask", json={"question": question})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_question"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"question": "q", "language": ' + b"9" * 5000 + b"}", "too many digits"),
    ],
)
def test_unreadable_bodies_say_why(make_client: Any, body: bytes, words: str) -> None:
    client = make_client(max_body_bytes=1_000_000)
    response = client.post("/v1/ask", content=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert words in response.json()["error"]["message"], response.text
    assert "UTF-8" not in response.json()["error"]["message"]
