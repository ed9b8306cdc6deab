"""What every extraction step reads: the tables, the compiled lexicon and the marker words,
plus the word patterns the steps share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from assistant.compat.lexicon import Lexicon
from assistant.compat.lexicon_schema import Markers
from assistant.compat.tables import Tables

ARTICLES: Final = r"(?:(?:a|an|the|my|our|their|your|this|that|some)\s+)?"
"""An optional determiner before a name ("on the GKE", "to our cluster")."""
DETERMINERS: Final = frozenset(
    {"a", "an", "the", "my", "our", "their", "your", "this", "that", "some"}
)


@dataclass(frozen=True)
class ExtractCtx:
    tables: Tables
    lexicon: Lexicon
    markers: Markers
    stopwords: frozenset[str]
    """Common words that are never a platform name, lower-cased."""

    @classmethod
    def build(cls, tables: Tables, lexicon: Lexicon) -> ExtractCtx:
        markers = tables.lexicon.markers
        stopwords = frozenset(word.lower() for word in markers.unknown_stopwords)
        return cls(tables, lexicon, markers, stopwords)
