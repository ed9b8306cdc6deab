"""Fixtures for the API tests.

Helpers live here (not in importable modules) and reach tests as fixtures: with pytest's
importlib mode and `tests/` on the path, a helper module under tests/api could only be imported
under a name that collides with the real `api` package.

FakeAssistant is a small stand-in for assistant.pipeline.assistant.Assistant, for tests of API mechanics only
(auth, limits, SSE framing, timeouts, disconnects). Answers themselves are tested with the real
Assistant (the session fixture `assistant` from tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from loopback import running

from api.app import create_app
from assistant.config import Settings
from assistant.errors import InvalidQuestion
from assistant.events import Citations, Delta, Done, Event, Meta
from assistant.models import Answer, Citation, Language, Verdict
from assistant.state.conversations import ANONYMOUS, ConversationStore


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    # _env_file=None and explicit paths: tests never pick up a developer's .env or var/.
    values: dict[str, Any] = {
        "state_db": tmp_path / "var" / "berth.sqlite3",
        "index_dir": tmp_path / "var" / "index",
        "rate_limit_per_minute": 6000.0,
        "rate_limit_burst": 1000,
        # TestClient sends "Host: testserver"; real servers in tests are on 127.0.0.1.
        "allowed_hosts": ["testserver", "127.0.0.1", "localhost"],
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class FakeAssistant:
    def __init__(
        self,
        state_db: Path,
        *,
        step_seconds: float = 0.0,
        steps: int = 3,
        busy_timeout_seconds: float = 5.0,
    ) -> None:
        self.conversations = ConversationStore(
            state_db, ttl_seconds=3600, busy_timeout_seconds=busy_timeout_seconds
        )
        self.step_seconds = step_seconds
        self.steps = steps
        # What the streaming generator did, so tests can see whether work stopped.
        self.steps_run = 0
        self.closed = threading.Event()
        self.completed = threading.Event()

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Answer:
        answer = self._begin(question, conversation_id, language, owner)
        time.sleep(self.step_seconds * self.steps)
        self.conversations.record_turn(answer.conversation_id or "", answer, {"q": question}, owner)
        return answer

    def stream(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Iterator[Event]:
        answer = self._begin(question, conversation_id, language, owner)
        try:
            yield Meta(
                id=answer.id,
                conversation_id=answer.conversation_id,
                language=answer.language,
                verdict=answer.verdict,
            )
            for piece in ["line one\n", "line two"] + [""] * max(0, self.steps - 2):
                time.sleep(self.step_seconds)
                self.steps_run += 1
                if piece:
                    yield Delta(text=piece)
            yield Citations(citations=answer.citations)
            self.conversations.record_turn(
                answer.conversation_id or "", answer, {"q": question}, owner
            )
            self.completed.set()
            yield Done(answer=answer)
        finally:
            self.closed.set()

    def status(self) -> dict[str, Any]:
        return {"chunks": 1, "corpus_version": "test", "embedding_model": "fake"}

    def _begin(
        self, question: str, conversation_id: str | None, language: Language | None, owner: str
    ) -> Answer:
        if not question.strip():
            raise InvalidQuestion("question is empty")
        if conversation_id:
            self.conversations.load_state(conversation_id, owner)
        else:
            conversation_id = self.conversations.start(owner)
        declined = "weather" in question
        return Answer(
            id="ans_" + uuid.uuid4().hex,
            question=question,
            language=language or "en",
            answer="line one\nline two",
            verdict=None if declined else Verdict(status="conditional", conditions=["c1"]),
            citations=[]
            if declined
            else [Citation(n=1, source="corpus/notes/x.md", section="S", snippet="s")],
            declined=declined,
            conversation_id=conversation_id,
        )


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., Settings]:
    """settings_for(**overrides) -> Settings rooted in this test's tmp dir."""
    return lambda **overrides: make_settings(tmp_path, **overrides)


@pytest.fixture
def fake_cls() -> type[FakeAssistant]:
    return FakeAssistant


@pytest.fixture
def live_server() -> Callable[[FastAPI], contextlib.AbstractContextManager[str]]:
    """live_server(app) -> a context manager yielding the base URL of a real uvicorn."""
    return running


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[ClientFactory]:
    """make_client(assistant=None, **settings_overrides) -> a started TestClient on a fresh app."""
    clients: list[TestClient] = []

    def factory(assistant: Any = None, **overrides: Any) -> TestClient:
        settings = make_settings(tmp_path, **overrides)
        fake = (
            assistant
            if assistant is not None
            else FakeAssistant(
                settings.state_db, busy_timeout_seconds=settings.state_busy_timeout_seconds
            )
        )
        client = TestClient(create_app(settings, fake), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    return make_client()
