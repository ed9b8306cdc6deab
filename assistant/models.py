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
    contradicted_by: list[str] = Field(
        default_factory=list,
        description="Passage ids whose sentence states the opposite of the table verdict; the "
        "verdict is then `unknown` and `missing` quotes the sentence (a row to add or fix).",
    )


class Reading(BaseModel):
    """What Berth understood the question as, so a surface can show a misreading at once.

    Slots hold display names (not table ids); `text` is the one line surfaces show
    ("Read as: an ltsc2025 image on a Windows Server 2022 host, Hyper-V isolation.").
    """

    subject: str | None = Field(default=None, description="What is to run: workload or image.")
    place: str | None = Field(default=None, description="Where: a platform or a named place.")
    host: str | None = Field(default=None, description="The host's Windows version.")
    image: str | None = Field(default=None, description="The image's Windows version or image.")
    isolation: str | None = None
    arch: str | None = None
    edition: str | None = None
    container_os: str | None = None
    versions: list[str] = Field(
        default_factory=list, description="Stated versions (Kubernetes, feature updates)."
    )
    features: list[str] = Field(
        default_factory=list, description="Capabilities or constraints the question asks about."
    )
    exclusions: list[str] = Field(
        default_factory=list, description='What the asker ruled out ("not Autopilot").'
    )
    hypothetical: str | None = Field(
        default=None, description='A supposed change ("if we port it to .NET 10").'
    )
    context: list[str] = Field(
        default_factory=list, description="Entities named as context or contrast, set aside."
    )
    unplaced: list[str] = Field(
        default_factory=list, description="Content words Berth could not place."
    )
    conflicts: list[str] = Field(
        default_factory=list,
        description='Names giving one slot two values ("Linux container", "Windows .exe").',
    )
    count: int | None = Field(
        default=None, description='Containers asked for at once ("five Hyper-V containers").'
    )
    image_size_gb: float | None = Field(
        default=None, description='The image size stated, in GB ("a 12 GB image").'
    )
    text: str = Field(default="", description="One line, in the answer language.")


class Citation(BaseModel):
    n: int = Field(ge=1)
    source: str = Field(description="Corpus path, e.g. corpus/notes/gke.md")
    section: str = Field(description="Heading path of the passage, or the table row id.")
    url: str | None = None
    snippet: str
    checked: str | None = Field(
        default=None, description="ISO date the source was last checked, when known."
    )


class Answer(BaseModel):
    id: str
    question: str
    language: Language
    answer: str
    reading: Reading | None = None
    verdict: Verdict | None = None
    citations: list[Citation] = Field(default_factory=list)
    declined: bool = False
    conversation_id: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
