"""CompatEngine: the one object the chain holds for compatibility questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from assistant.compat.extract import Extractor
from assistant.compat.features import FeatureRule
from assistant.compat.lexicon import Lexicon
from assistant.compat.query import CompatQuery, Decision
from assistant.compat.reading.describe import describe
from assistant.compat.reading.reader import Read, Reader
from assistant.compat.reasoner import REQUIRED_MESSAGES, Reasoner
from assistant.compat.tables import Tables, load_tables
from assistant.models import Reading


class CompatEngine:
    """Tables, lexicon, extractor and reasoner, loaded once and used read-only."""

    def __init__(self, tables: Tables, today: date | None = None) -> None:
        self.tables = tables
        self.lexicon = Lexicon.build(tables)
        self.extractor = Extractor(tables, self.lexicon)
        families: dict[str, list[str]] = {}
        for platform in tables.platforms.values():
            for family in platform.families:
                families.setdefault(family, []).append(platform.id)
        self.reader = Reader(self.lexicon, tables.reading, tables.features, families)
        self.features = FeatureRule(tables, families)
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
        return self.read(question, previous).query

    def read(self, question: str, previous: CompatQuery | None = None) -> Read:
        """The whole question read: the query plus the names set aside as context/exclusions."""
        return self.reader.read(question, previous, self.extractor.understand)

    def decide(self, query: CompatQuery, language: Literal["en", "ko"]) -> Decision | None:
        """The verdict with its evidence, or None when this is not a compatibility question."""
        decision = self.reasoner.decide(query, language)
        if decision is None:
            return None
        return self.features.refine(decision, query, language)

    def describe(self, read: Read, language: Literal["en", "ko"]) -> Reading:
        """What was read, for the user to see: slots by name and the one "Read as" line."""
        return describe(read, self.lexicon, language)

    def refers_back(self, question: str) -> bool:
        """Whether the question leans on the previous turn ("what about EKS?", "for that")."""
        return self.extractor.refers_back(question)

    def english_terms(self, question: str) -> list[str]:
        """Canonical English names of every lexicon entity the question mentions."""
        return self.extractor.english_terms(question)

    def version(self) -> str:
        """Content hash of the table files, for readiness and cache keys."""
        return self.tables.version
