"""A small stand-in for assistant.chain.Assistant, for tests of API mechanics only (auth, limits,
SSE framing, timeouts, disconnects). Anything about answers is tested with the real Assistant."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.conversations import ConversationStore
from assistant.errors import InvalidQuestion
from assistant.models import Answer, Citation, Language, Verdict


class FakeAssistant:
    def __init__(self, state_db: Path, *, step_seconds: float = 0.0, steps: int = 3) -> None:
        self.conversations = ConversationStore(state_db, ttl_seconds=3600)
        self.step_seconds = step_seconds
        self.steps = steps
        # What the streaming generator did, so tests can see whether work stopped.
        self.steps_run = 0
        self.closed = threading.Event()
        self.completed = threading.Event()

    def ask(
        self, question: str, *, conversation_id: str | None = None, language: Language | None = None
    ) -> Answer:
        answer = self._begin(question, conversation_id, language)
        time.sleep(self.step_seconds * self.steps)
        self.conversations.record_turn(answer.conversation_id or "", answer, {"q": question})
        return answer

    def ask_events(
        self, question: str, *, conversation_id: str | None = None, language: Language | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        answer = self._begin(question, conversation_id, language)
        try:
            yield (
                "meta",
                {
                    "id": answer.id,
                    "conversation_id": answer.conversation_id,
                    "verdict": answer.verdict.model_dump() if answer.verdict else None,
                },
            )
            for piece in ["line one\n", "line two"] + [""] * max(0, self.steps - 2):
                time.sleep(self.step_seconds)
                self.steps_run += 1
                if piece:
                    yield "delta", {"text": piece}
            yield "citations", {"citations": [c.model_dump() for c in answer.citations]}
            self.conversations.record_turn(answer.conversation_id or "", answer, {"q": question})
            self.completed.set()
            yield "done", answer.model_dump()
        finally:
            self.closed.set()

    def status(self) -> dict[str, Any]:
        return {"chunks": 1, "corpus_version": "test", "embedding_model": "fake"}

    def _begin(
        self, question: str, conversation_id: str | None, language: Language | None
    ) -> Answer:
        if not question.strip():
            raise InvalidQuestion("question is empty")
        if conversation_id:
            self.conversations.load_state(conversation_id)
        else:
            conversation_id = self.conversations.start()
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
