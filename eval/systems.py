"""The systems under evaluation, behind one small interface: gold item in, ItemResult out.

`BerthSystem` drives the real Assistant (the same chain every surface uses). The only reach
into its steps is to read the ranked passages for the retrieval metrics: the last turn is
understood and retrieved once more with the same conversation, which is deterministic, before it
is asked for real; only the real `ask()` is timed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from eval.gold import GoldItem
from eval.metrics import MRR_K, AnswerView, CitedPassage, ItemResult

if TYPE_CHECKING:
    from assistant.chain import Assistant
    from assistant.models import Answer


class System(Protocol):
    name: str

    def run(self, item: GoldItem) -> ItemResult: ...


def answer_view(answer: Answer) -> AnswerView:
    return AnswerView(
        text=answer.answer,
        language=answer.language,
        verdict=answer.verdict.status if answer.verdict else None,
        citations=tuple(CitedPassage(c.n, c.source, c.snippet) for c in answer.citations),
    )


class BerthSystem:
    name = "berth"

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant

    def run(self, item: GoldItem) -> ItemResult:
        turns = item.conversation
        conversation_id: str | None = None
        try:
            for turn in turns[:-1]:
                conversation_id = self._assistant.ask(
                    turn, conversation_id=conversation_id
                ).conversation_id
            retrieved = self._ranked_sources(turns[-1], conversation_id)
            started = time.perf_counter()
            answer = self._assistant.ask(turns[-1], conversation_id=conversation_id)
            latency = (time.perf_counter() - started) * 1000
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

    def _ranked_sources(self, question: str, conversation_id: str | None) -> tuple[str, ...]:
        from assistant.chain import Asked

        understood = self._assistant.understand(Asked(question, conversation_id, None))
        retrieval = self._assistant.retriever.retrieve(understood.retrieval_query, top_k=MRR_K)
        return tuple(p.chunk.source for p in retrieval.passages)
