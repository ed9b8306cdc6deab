"""The answer contract (DESIGN.md): the one shape the CLI, the API, Slack and the widget share."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Language = Literal["en", "ko"]
VerdictStatus = Literal["yes", "no", "conditional", "unknown"]


class Verdict(BaseModel):
    status: VerdictStatus
    conditions: list[str] = Field(default_factory=list, description="All must hold (conditional).")
    alternatives: list[str] = Field(default_factory=list, description="What to do instead.")
    facts: list[str] = Field(default_factory=list, description="Ids of the table facts used.")
    reasons: list[str] = Field(default_factory=list, description="Why, one sentence a fact.")
    missing: list[str] = Field(
        default_factory=list, description="For `unknown`: what the tables do not settle."
    )


class Citation(BaseModel):
    n: int = Field(ge=1)
    source: str = Field(description="Corpus path, e.g. corpus/notes/gke.md")
    section: str = Field(description="Heading path of the passage, or the table row id.")
    url: str | None = None
    snippet: str


class Answer(BaseModel):
    id: str
    question: str
    language: Language
    answer: str
    verdict: Verdict | None = None
    citations: list[Citation] = Field(default_factory=list)
    declined: bool = False
    conversation_id: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
