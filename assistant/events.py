"""Typed events of an answer stream: Meta → Delta* → Citations → Done, or Error.

Every surface (SSE route, Slack bot, widget, CLI) consumes these; `ask()` is "run the stream and
keep the Done", so the two paths cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

from assistant.models import Answer, Citation, Language, Reading, Verdict


class Meta(BaseModel):
    """Sent as soon as the verdict is known, before any text."""

    kind: Literal["meta"] = "meta"
    id: str
    conversation_id: str | None
    language: Language
    verdict: Verdict | None
    reading: Reading | None = None
    declined: bool = False


class Delta(BaseModel):
    kind: Literal["delta"] = "delta"
    text: str


class Citations(BaseModel):
    kind: Literal["citations"] = "citations"
    citations: list[Citation]


class Done(BaseModel):
    kind: Literal["done"] = "done"
    answer: Answer


class Error(BaseModel):
    kind: Literal["error"] = "error"
    code: str
    message: str


Event = Annotated[Meta | Delta | Citations | Done | Error, Field(discriminator="kind")]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_KINDS: tuple[str, ...] = ("meta", "delta", "citations", "done", "error")
