"""Typed events of an answer stream: Meta → (Delta | Replace)* → Citations → Done, or Error.

A `Replace` withdraws every Delta before it: the text it carries is the answer so far (a
language-model draft the guard refused is replaced by the extractive answer). A surface shows
Delta text as provisional and the Done's answer as final.

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


class Replace(BaseModel):
    """The text streamed so far is withdrawn; `text` is the whole answer instead."""

    kind: Literal["replace"] = "replace"
    text: str
    reason: str = Field(description="Why: the guard's check that failed, 'timeout' or 'error'.")


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


Event = Annotated[Meta | Delta | Replace | Citations | Done | Error, Field(discriminator="kind")]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_KINDS: tuple[str, ...] = ("meta", "delta", "replace", "citations", "done", "error")
