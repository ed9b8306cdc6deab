"""`corpus/compat/reading.yaml`: the words that let Berth read a whole question.

Two jobs: phrases that mark a clause as context, contrast, exclusion or hypothesis (so the entity
in it does not become the subject), and the words that carry no content of their own (so that
every other word must be placed — an entity, a feature, a marker — or the answer says it could
not place it).
"""

from __future__ import annotations

from pydantic import Field

from assistant.compat.schema import Aliases, Strict


class ClauseMarkers(Strict):
    contrast_before: list[str] = Field(default_factory=list)
    """English words before the contrasted name: "unlike GKE, …"."""
    contrast_after: list[str] = Field(default_factory=list)
    """Korean words after it: "GKE와 달리 …"."""
    exclusion_before: list[str] = Field(default_factory=list)
    """"not Autopilot", "without Hyper-V"."""
    exclusion_after: list[str] = Field(default_factory=list)
    """"애저 말고", "하이퍼V 안 쓰고"."""
    exclusion_gap: list[str] = Field(default_factory=list)
    """Words allowed between an exclusion word and its name ("not on Autopilot")."""
    context: Aliases
    """A clause with one of these states what already works ("our ltsc2019 images work fine")."""
    hypothetical: Aliases
    """ "if we port it to .NET 10": the clause names what the subject would become."""


class Filler(Strict):
    en: list[str] = Field(default_factory=list)
    """Whole English words (lower case) that carry no content for a compatibility question."""
    ko_stems: list[str] = Field(default_factory=list)
    """A Korean word whose stem starts with one of these carries no content."""
    ko_particles: list[str] = Field(default_factory=list)
    """Endings stripped from a Korean word before its stem is looked up (longest first)."""


class ReadingVocabulary(Strict):
    clauses: ClauseMarkers
    filler: Filler
