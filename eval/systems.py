"""The systems under evaluation, behind one small interface: gold item in, ItemResult out.

`BerthSystem` drives the real Assistant (the same chain every surface uses) and times only its
`ask()`. For the retrieval metrics it needs Berth's ranking to depth 10: the embedding model is
handed to the Assistant wrapped in a `QueryRecorder`, which remembers the last query the chain
embedded (the resolved retrieval query of the last turn); after the answer, the Assistant's own
retriever re-ranks that query to depth 10 with the remembered vector, so nothing is embedded twice
and the timed answer is never served from a cache.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from langchain_core.embeddings import Embeddings

from eval.gold import GoldItem
from eval.metrics import MRR_K, AnswerView, CitedPassage, ItemResult

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.models import Answer
    from assistant.pipeline.assistant import Assistant


class System(Protocol):
    name: str

    def run(self, item: GoldItem) -> ItemResult: ...


def answer_view(answer: Answer) -> AnswerView:
    return AnswerView(
        text=answer.answer,
        language=answer.language,
        verdict=answer.verdict.status if answer.verdict else None,
        citations=tuple(CitedPassage(c.n, c.source, c.snippet) for c in answer.citations),
        unplaced=tuple(answer.reading.unplaced) if answer.reading is not None else None,
        reading=answer.reading.text if answer.reading is not None else None,
        contradicted=bool(answer.verdict and answer.verdict.contradicted_by),
    )


class QueryRecorder(Embeddings):
    """The embedding model, remembering the last query it embedded."""

    def __init__(self, inner: Embeddings) -> None:
        self._inner = inner
        self._last: tuple[str, list[float]] | None = None
        self._replay = False

    @property
    def last_query(self) -> str | None:
        return self._last[0] if self._last else None

    def forget(self) -> None:
        self._last = None

    @contextmanager
    def replaying(self) -> Iterator[None]:
        """Inside, embedding the last query returns the remembered vector."""
        self._replay = True
        try:
            yield
        finally:
            self._replay = False

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if self._replay and self._last is not None and self._last[0] == text:
            return list(self._last[1])
        vector = self._inner.embed_query(text)
        self._last = (text, vector)
        return vector


class BerthSystem:
    name = "berth"

    def __init__(self, assistant: Assistant, recorder: QueryRecorder) -> None:
        self._assistant = assistant
        self._recorder = recorder

    @classmethod
    def build(cls, settings: Settings, embeddings: Embeddings) -> BerthSystem:
        from assistant.pipeline.assistant import Assistant

        recorder = QueryRecorder(embeddings)
        return cls(Assistant.from_settings(settings, embeddings=recorder), recorder)

    @property
    def assistant(self) -> Assistant:
        return self._assistant

    def close(self) -> None:
        self._assistant.close()

    def run(self, item: GoldItem) -> ItemResult:
        turns = item.conversation
        conversation_id: str | None = None
        try:
            for turn in turns[:-1]:
                conversation_id = self._assistant.ask(
                    turn, conversation_id=conversation_id
                ).conversation_id
            self._recorder.forget()
            started = time.perf_counter()
            answer = self._assistant.ask(turns[-1], conversation_id=conversation_id)
            latency = (time.perf_counter() - started) * 1000
            retrieved = self._ranked_sources()
        except Exception as exc:  # noqa: BLE001 - one broken answer must not end the whole run
            error = f"{type(exc).__name__}: {exc}"
            return ItemResult(item.id, declined=False, latency_ms=0.0, error=error)
        return ItemResult(
            item_id=item.id,
            declined=answer.declined,
            latency_ms=latency,
            answer=answer_view(answer),
            retrieved=retrieved,
        )

    def _ranked_sources(self) -> tuple[str, ...] | None:
        query = self._recorder.last_query
        if query is None:
            return None  # the chain embedded nothing: no ranking to score
        with self._recorder.replaying():
            retrieval = self._assistant.retriever.retrieve(query, top_k=MRR_K)
        return tuple(p.chunk.source for p in retrieval.passages)
