"""The interface every surface (API, CLI, eval, Slack bot, widget backend) uses to get answers.

It is a Protocol so a surface's mechanics tests can pass a small stand-in; production code passes
`assistant.pipeline.assistant.Assistant`, which satisfies it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from assistant.events import Event
from assistant.models import Answer, Language
from assistant.state.conversations import ANONYMOUS


class AnswerService(Protocol):
    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Answer:
        """One complete answer. Raises BerthError subclasses for bad input / unknown thread.
        `owner` is the asking principal: someone else's `conversation_id` is an unknown one."""
        ...

    def stream(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Iterator[Event]:
        """The same answer as typed events: Meta, Delta*, Citations, Done. Stopping the
        iteration stops the work; the turn is stored only once Done has been produced."""
        ...

    def status(self) -> dict[str, Any]:
        """Corpus and tables versions, chunk count, model: for readiness reports."""
        ...
