"""CompatEngine: the one object the chain holds for compatibility questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from assistant.compat.extract import Extractor
from assistant.compat.lexicon import Lexicon
from assistant.compat.query import CompatQuery, Decision
from assistant.compat.reasoner import REQUIRED_MESSAGES, Reasoner
from assistant.compat.tables import Tables, load_tables


class CompatEngine:
    """Tables, lexicon, extractor and reasoner, loaded once and used read-only."""

    def __init__(self, tables: Tables, today: date | None = None) -> None:
        self.tables = tables
        self.lexicon = Lexicon.build(tables)
        self.extractor = Extractor(tables, self.lexicon)
        self.reasoner = Reasoner(tables, self.lexicon, today)

    @classmethod
    def load(cls, compat_dir: Path, today: date | None = None) -> CompatEngine:
        """Raises CorpusInvalid naming the file, the row and the reason when the tables are bad.

        `today` fixes the date retirements are judged against (tests); by default it is the
        current date at each decision.
        """
        return cls(load_tables(compat_dir, REQUIRED_MESSAGES), today)

    def understand(self, question: str, previous: CompatQuery | None = None) -> CompatQuery:
        """Extract the structured query; with `previous`, resolve a follow-up against it."""
        return self.extractor.understand(question, previous)

    def decide(self, query: CompatQuery, language: Literal["en", "ko"]) -> Decision | None:
        """The verdict with its evidence, or None when this is not a compatibility question."""
        return self.reasoner.decide(query, language)

    def refers_back(self, question: str) -> bool:
        """Whether the question leans on the previous turn ("what about EKS?", "for that")."""
        return self.extractor.refers_back(question)

    def english_terms(self, question: str) -> list[str]:
        """Canonical English names of every lexicon entity the question mentions."""
        return self.extractor.english_terms(question)

    def version(self) -> str:
        """Content hash of the table files, for readiness and cache keys."""
        return self.tables.version
