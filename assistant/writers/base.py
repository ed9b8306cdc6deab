"""The Writer interface: turns a reasoned question into answer text and its citations.

The verdict is decided before a writer runs; a writer only words it. The extractive writer is
the default; a language-model writer plugs in as a second implementation whose `write` yields
real tokens, guards each sentence before it is sent, and withdraws its stream with a
`Replaced` piece when the whole answer fails the guard.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.compat import Evidence
from assistant.compat.subject import Subject
from assistant.models import Citation, Language, Verdict
from assistant.search.retrieval import Passage


@dataclass(frozen=True)
class WriteRequest:
    query: str
    """What the answer is about: the question plus a follow-up's inherited terms."""
    language: Language
    verdict: Verdict | None
    evidence: Sequence[Evidence]
    passages: Sequence[Passage]
    reading: str = ""
    """The "Read as: …" line; a writer shows it under the verdict so a misreading is seen."""
    subject: Subject | None = None
    """The entities the question names: passages that name none of them are off its subject."""
    query_vector: Sequence[float] = ()
    """The query's embedding, from retrieval."""
    vectors: Mapping[str, np.ndarray] = field(default_factory=dict)
    """Stored embeddings of the passages by chunk id, to judge relevance and near-duplicates."""
    question: str = ""
    """The asker's own words (the query adds search terms): what a language model is shown."""


@dataclass(frozen=True)
class Written:
    text: str
    citations: list[Citation]


@dataclass(frozen=True)
class Replaced:
    """Withdraws the pieces sent so far: the answer is `text` instead (then the Written)."""

    text: str
    reason: str


Piece = str | Replaced | Written


class Writer(Protocol):
    streams: bool
    """True when `write` yields text before the whole answer is known (it then guards its own
    pieces); False when the whole answer is ready at once and is guarded before any is sent."""

    def write(self, request: WriteRequest) -> Iterator[Piece]:
        """Text pieces as produced (a `Replaced` withdraws the earlier ones), then exactly one
        `Written` with the whole answer."""
        ...

    def decline(self, language: Language) -> Written:
        """The short answer to a question outside Berth's scope."""
        ...
