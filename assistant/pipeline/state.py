"""The typed states the pipeline steps pass along, and what a conversation remembers."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from assistant.compat import CompatQuery, Decision
from assistant.models import Language, Reading
from assistant.search.retrieval import Retrieval
from assistant.state.conversations import ANONYMOUS


class FollowUp(BaseModel):
    """What a turn leaves for the next one to resolve against; stored with the conversation."""

    query: CompatQuery
    terms: list[str] = Field(default_factory=list, description="Search terms the turn used.")
    question: str = ""
    declined: bool = False
    said: list[str] = Field(
        default_factory=list, description='What the answer led with: "for that?" points at it.'
    )


@dataclass(frozen=True)
class Asked:
    question: str
    conversation_id: str | None = None
    language: Language | None = None
    owner: str = ANONYMOUS
    """The principal asking: a conversation continues only for the principal that started it."""


@dataclass(frozen=True)
class Understood:
    question: str
    language: Language
    conversation_id: str
    query: CompatQuery
    reading: Reading
    retrieval_query: str
    terms: list[str]
    continues_answered_turn: bool
    """A follow-up to a turn Berth answered: in scope whatever its own words."""
    started: float
    timings_ms: dict[str, float] = field(default_factory=dict)
    owner: str = ANONYMOUS


@dataclass(frozen=True)
class Retrieved:
    understood: Understood
    retrieval: Retrieval


@dataclass(frozen=True)
class Prepared:
    """Everything a writer needs: the question read, the passages found, the verdict decided."""

    understood: Understood
    retrieval: Retrieval
    decision: Decision | None
    declined: bool
