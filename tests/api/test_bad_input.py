"""Every bad input the API documents, with its status and error body. Never a 500."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.events import Event

ClientFactory = Callable[..., TestClient]
MAX_BODY = 4096
MAX_QUESTION = 500

ASK_PATHS = ["/v1/ask", "/v1/ask/stream"]


def chunks(total: int) -> Iterator[bytes]:
    # A generator body goes out chunked, with no Content-Length for the server to check first.
    yield b'{"question": "'
    for _ in range(total // 1000):
        yield b"a" * 1000
    yield b'"}'


# (name, request kwargs, status, error code, words the message must contain)
ASK_CASES: list[tuple[str, dict[str, Any], int, str, str]] = [
    (
        "malformed json",
        {"content": b'{"question": ', "headers": {"Content-Type": "application/json"}},
        422,
        "invalid_json",
        "not valid JSON",
    ),
    (
        "body not utf-8",
        {"content": b'{"question": "\xff\xfe"}', "headers": {"Content-Type": "application/json"}},
        400,
        "invalid_body",
        "UTF-8",
    ),
    ("json array body", {"json": ["Can I?"]}, 422, "invalid_request", "valid dictionary"),
    ("missing question", {"json": {}}, 422, "invalid_request", "question: Field required"),
    (
        "question not a string",
        {"json": {"question": 42}},
        422,
        "invalid_request",
        "question: Input should be a valid string",
    ),
    ("question null", {"json": {"question": None}}, 422, "invalid_request", "question"),
    (
        "empty question",
        {"json": {"question": ""}},
        422,
        "invalid_request",
        "question: String should have at least 1 character",
    ),
    ("blank question", {"json": {"question": "   \n\t "}}, 422, "invalid_question", "empty"),
    (
        "question too long",
        {"json": {"question": "x" * (MAX_QUESTION + 1)}},
        413,
        "question_too_long",
        f"limit is {MAX_QUESTION}",
    ),
    (
        "unknown field",
        {"json": {"question": "Can I?", "conversationId": "c_1"}},
        422,
        "invalid_request",
        "conversationId: Extra inputs are not permitted",
    ),
    (
        "unsupported language",
        {"json": {"question": "Can I?", "language": "fr"}},
        422,
        "invalid_request",
        "language",
    ),
    (
        "conversation id wrong type",
        {"json": {"question": "Can I?", "conversation_id": ["c_1"]}},
        422,
        "invalid_request",
        "conversation_id",
    ),
    (
        "conversation id too long",
        {"json": {"question": "Can I?", "conversation_id": "c" * 101}},
        422,
        "invalid_request",
        "conversation_id",
    ),
    (
        "unknown conversation",
        {"json": {"question": "Can I?", "conversation_id": "c_0000"}},
        404,
        "conversation_not_found",
        "c_0000",
    ),
    (
        "not json content type",
        {"content": b"Can I?", "headers": {"Content-Type": "text/plain"}},
        422,
        "invalid_request",
        "body",
    ),
    (
        "body over the limit",
        {"json": {"question": "x" * (MAX_BODY + 10)}},
        413,
        "body_too_large",
        f"{MAX_BODY}-byte limit",
    ),
    (
        "chunked body over the limit",
        {"content": "chunked"},
        413,
        "body_too_large",
        f"{MAX_BODY}-byte limit",
    ),
]


@pytest.fixture
def limited_client(make_client: ClientFactory) -> TestClient:
    return make_client(max_body_bytes=MAX_BODY, max_question_chars=MAX_QUESTION)


@pytest.mark.parametrize("path", ASK_PATHS)
@pytest.mark.parametrize(
    ("request_kwargs", "status", "code", "words"),
    [case[1:] for case in ASK_CASES],
    ids=[case[0] for case in ASK_CASES],
)
def test_ask_bad_input(
    limited_client: TestClient,
    path: str,
    request_kwargs: dict[str, Any],
    status: int,
    code: str,
    words: str,
) -> None:
    if request_kwargs.get("content") == "chunked":
        request_kwargs = {"content": chunks(MAX_BODY * 2)}
    response = limited_client.post(path, **request_kwargs)
    assert_error(response, status, code, words)


OTHER_CASES: list[tuple[str, str, str, dict[str, Any], int, str, str]] = [
    (
        "feedback unknown answer",
        "POST",
        "/v1/feedback",
        {"json": {"answer_id": "ans_x", "rating": "up"}},
        404,
        "answer_not_found",
        "ans_x",
    ),
    (
        "feedback bad rating",
        "POST",
        "/v1/feedback",
        {"json": {"answer_id": "ans_x", "rating": "meh"}},
        422,
        "invalid_request",
        "rating",
    ),
    (
        "feedback missing rating",
        "POST",
        "/v1/feedback",
        {"json": {"answer_id": "ans_x"}},
        422,
        "invalid_request",
        "rating: Field required",
    ),
    (
        "feedback comment too long",
        "POST",
        "/v1/feedback",
        {"json": {"answer_id": "a", "rating": "up", "comment": "c" * 2001}},
        422,
        "invalid_request",
        "comment",
    ),
    (
        "feedback malformed json",
        "POST",
        "/v1/feedback",
        {"content": b"{", "headers": {"Content-Type": "application/json"}},
        422,
        "invalid_json",
        "not valid JSON",
    ),
    (
        "unknown conversation",
        "GET",
        "/v1/conversations/c_unknown",
        {},
        404,
        "conversation_not_found",
        "c_unknown",
    ),
    (
        "conversation id too long",
        "GET",
        "/v1/conversations/" + "c" * 101,
        {},
        422,
        "invalid_request",
        "conversation_id",
    ),
    ("unknown route", "GET", "/v1/nothing-here", {}, 404, "not_found", "GET /v1/nothing-here"),
    ("wrong method", "GET", "/v1/ask", {}, 405, "method_not_allowed", "Method Not Allowed"),
]


@pytest.mark.parametrize(
    ("method", "path", "request_kwargs", "status", "code", "words"),
    [case[1:] for case in OTHER_CASES],
    ids=[case[0] for case in OTHER_CASES],
)
def test_other_bad_input(
    limited_client: TestClient,
    method: str,
    path: str,
    request_kwargs: dict[str, Any],
    status: int,
    code: str,
    words: str,
) -> None:
    response = limited_client.request(method, path, **request_kwargs)
    assert_error(response, status, code, words)


@pytest.mark.parametrize("path", ASK_PATHS)
def test_slow_answer_times_out_with_504(
    make_client: ClientFactory, settings_for: Any, fake_cls: Any, path: str
) -> None:
    slow = fake_cls(settings_for().state_db, step_seconds=1.0)
    # For the stream, the first step (before meta) is what is slow here.
    slow_first = _SlowStart(slow) if path.endswith("stream") else slow
    client = make_client(assistant=slow_first, request_timeout_seconds=0.2)
    response = client.post(path, json={"question": "Can I?"})
    assert_error(response, 504, "timeout", "0.2 s request timeout")
    assert "berth_request_timeouts_total 1.0" in client.get("/metrics").text


def test_timeout_mid_stream_ends_with_an_error_event(
    make_client: ClientFactory, settings_for: Any, fake_cls: Any
) -> None:
    slow = fake_cls(settings_for().state_db, step_seconds=0.4, steps=5)
    client = make_client(assistant=slow, request_timeout_seconds=0.3)
    response = client.post("/v1/ask/stream", json={"question": "Can I?"})
    assert response.status_code == 200
    blocks = response.text.strip().split("\n\n")
    assert blocks[0].startswith("event: meta")
    assert blocks[-1].startswith("event: error")
    payload = json.loads(blocks[-1].split("data: ", 1)[1])
    assert payload["error"]["code"] == "timeout"


class _SlowStart:
    """Delays before the first event, like retrieval on an overloaded machine."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def ask(self, *args: Any, **kwargs: Any) -> Any:
        return self.inner.ask(*args, **kwargs)

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[Event]:
        import time

        time.sleep(1.0)
        yield from self.inner.stream(*args, **kwargs)

    def status(self) -> dict[str, Any]:
        return self.inner.status()


def assert_error(response: Any, status: int, code: str, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert words in body["error"]["message"]
