"""Route behaviour with a stand-in assistant: the contract shapes, conversations, feedback, ops."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

ClientFactory = Callable[..., TestClient]


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_ask_returns_the_answer_contract_and_starts_a_conversation(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": "Can I run it on GKE?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"id", "question", "language", "answer", "verdict", "citations"}
    assert body["question"] == "Can I run it on GKE?"
    assert body["conversation_id"].startswith("c_")


def test_conversation_continues_and_lists_turns(client: TestClient) -> None:
    first = client.post("/v1/ask", json={"question": "Can I run it on GKE?"}).json()
    cid = first["conversation_id"]
    second = client.post(
        "/v1/ask", json={"question": "what about EKS?", "conversation_id": cid, "language": "en"}
    ).json()
    assert second["conversation_id"] == cid

    response = client.get(f"/v1/conversations/{cid}")
    assert response.status_code == 200
    turns = response.json()["turns"]
    assert [t["question"] for t in turns] == ["Can I run it on GKE?", "what about EKS?"]
    assert [t["answer_id"] for t in turns] == [first["id"], second["id"]]


def test_stream_sends_events_in_order_with_sse_headers(client: TestClient) -> None:
    with client.stream("POST", "/v1/ask/stream", json={"question": "Can I?"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-accel-buffering"] == "no"
        text = response.read().decode()
    events = parse_sse(text)
    names = [name for name, _ in events]
    assert names == ["meta", "delta", "delta", "citations", "done"]
    meta, done = events[0][1], events[-1][1]
    assert meta["id"] == done["id"] and meta["verdict"]["status"] == "conditional"
    assert "".join(p["text"] for n, p in events if n == "delta") == done["answer"]
    # The streamed answer was recorded like any other, so feedback can find it.
    assert (
        client.post("/v1/feedback", json={"answer_id": done["id"], "rating": "up"}).status_code
        == 201
    )


def test_stream_error_before_first_event_is_a_plain_json_error(client: TestClient) -> None:
    response = client.post("/v1/ask/stream", json={"question": "q", "conversation_id": "c_gone"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == "conversation_not_found"


def test_feedback_is_stored_and_counted(client: TestClient) -> None:
    answer = client.post("/v1/ask", json={"question": "Can I?"}).json()
    response = client.post(
        "/v1/feedback", json={"answer_id": answer["id"], "rating": "down", "comment": "wrong"}
    )
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["answer_id"] == answer["id"] and receipt["rating"] == "down"
    services = client.app.state.services  # type: ignore[attr-defined]
    [stored] = services.feedback.list(rating="down")
    assert (stored.question, stored.verdict_status, stored.comment) == (
        "Can I?",
        "conditional",
        "wrong",
    )
    assert 'berth_feedback_total{rating="down"} 1.0' in client.get("/metrics").text


def test_health_ready_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["assistant"]["corpus_version"] == "test"

    client.post("/v1/ask", json={"question": "Can I?"})
    client.post("/v1/ask", json={"question": "what's the weather"})
    client.get("/v1/conversations/c_missing")
    text = client.get("/metrics").text
    assert 'berth_http_requests_total{method="POST",route="/v1/ask",status="200"} 2.0' in text
    # Route templates, not raw paths, label the metrics.
    assert 'route="/v1/conversations/{conversation_id}",status="404"' in text
    assert "c_missing" not in text
    assert 'berth_answers_total{verdict="conditional"} 1.0' in text
    assert 'berth_answers_total{verdict="none"} 1.0' in text
    assert "berth_declines_total 1.0" in text
    assert "berth_http_request_duration_seconds_bucket" in text


def test_each_app_has_its_own_metrics(make_client: ClientFactory) -> None:
    one, two = make_client(), make_client()
    one.post("/v1/ask", json={"question": "Can I?"})
    assert 'route="/v1/ask",status="200"' in one.get("/metrics").text
    assert 'route="/v1/ask",status="200"' not in two.get("/metrics").text


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert len(generated.headers["x-request-id"]) == 32
    assert client.post("/v1/ask", content=b"{").headers["x-request-id"]


def test_not_ready_without_assistant_is_503(make_client: ClientFactory) -> None:
    client = make_client()
    client.app.state.services.assistant = None  # type: ignore[attr-defined]
    assert client.get("/readyz").status_code == 503
    response = client.post("/v1/ask", json={"question": "Can I?"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_ready"


def test_app_serves_again_after_its_lifespan_restarts(settings_for: Any, fake_cls: Any) -> None:
    from api.app import create_app

    settings = settings_for()
    app = create_app(settings, fake_cls(settings.state_db))
    for _ in range(2):
        with TestClient(app) as client:
            assert client.post("/v1/ask", json={"question": "Can I?"}).status_code == 200


def test_json_log_lines_carry_the_request_id() -> None:
    import logging

    from api.logs import JsonFormatter, request_id_var

    token = request_id_var.set("rid-42")
    try:
        record = logging.makeLogRecord(
            {"name": "berth.api", "levelname": "INFO", "msg": "request", "status": 200}
        )
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["request_id"] == "rid-42" and line["status"] == 200 and line["msg"] == "request"


def test_expired_conversations_are_purged_at_start(settings_for: Any, fake_cls: Any) -> None:
    import time as _time

    from api.app import create_app
    from assistant.errors import ConversationNotFound
    from assistant.state.conversations import ConversationStore

    settings = settings_for(conversation_ttl_seconds=60)
    old = ConversationStore(settings.state_db, 60, clock=lambda: _time.time() - 3600)
    cid = old.start()
    app = create_app(settings, fake_cls(settings.state_db))
    with TestClient(app) as client:
        deadline = _time.monotonic() + 5
        while _time.monotonic() < deadline:
            # Purged rows are gone for good: even a store with the old clock cannot see them.
            try:
                old.load_state(cid)
            except ConversationNotFound:
                break
            _time.sleep(0.05)
        else:
            raise AssertionError("expired conversation was not purged")
        assert client.get(f"/v1/conversations/{cid}").status_code == 404


def test_question_length_is_counted_after_normalisation(make_client: ClientFactory) -> None:
    """1,500 Hangul syllables typed as decomposed jamo are 1,500 characters, as in the CLI."""
    decomposed = unicodedata.normalize("NFD", "가" * 1500)
    assert len(decomposed) == 3000
    client = make_client(max_question_chars=2000)
    response = client.post("/v1/ask", json={"question": decomposed})
    assert response.status_code == 200, response.text
    too_long = client.post("/v1/ask", json={"question": "가" * 2001})
    assert too_long.status_code == 413
