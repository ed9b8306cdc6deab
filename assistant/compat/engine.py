"""CompatEngine: the one object the chain holds for compatibility questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from assistant.compat import extract, reason
from assistant.compat.annotate import Annotator
from assistant.compat.consistency import ConsistencyCheck
from assistant.compat.dating import as_of
from assistant.compat.extract import ExtractCtx
from assistant.compat.features import FeatureRule
from assistant.compat.lexicon import Lexicon, normalize
from assistant.compat.query import CompatQuery, Decision
from assistant.compat.reading.describe import describe
from assistant.compat.reading.reader import Read, Reader
from assistant.compat.reading.scope import Scope, read_scope
from assistant.compat.reason import Ctx
from assistant.compat.subject import Subject, subject_of
from assistant.compat.tables import Tables, load_tables
from assistant.models import Language, Reading
from assistant.search.retrieval import Passage


class CompatEngine:
    """Tables and lexicon, loaded once and used read-only by the extractor and the reasoner."""

    def __init__(self, tables: Tables, today: date | None = None, review_days: int = 180) -> None:
        self.tables = tables
        self.lexicon = Lexicon.build(tables)
        self._today = today
        self._extract = ExtractCtx.build(tables, self.lexicon)
        self._reason = Ctx(
            as_of(tables, today or date.today()), self.lexicon, today or date.today()
        )
        self._annotate = Annotator(tables, review_days)
        families: dict[str, list[str]] = {}
        for platform in tables.platforms.values():
            for family in platform.families:
                families.setdefault(family, []).append(platform.id)
        self._families_of = {
            platform.id: tuple(platform.families) for platform in tables.platforms.values()
        }
        self.reader = Reader(self.lexicon, tables.reading, tables.features, families)
        self.features = FeatureRule(tables, families)
        self.consistency = ConsistencyCheck(tables, lambda text: self.read(text).query)

    @classmethod
    def load(
        cls, compat_dir: Path, today: date | None = None, review_days: int = 180
    ) -> CompatEngine:
        """Raises CorpusInvalid naming the file, the row and the reason when the tables are bad.

        `today` fixes the date retirements, lifecycles and row ages are judged against (tests,
        `BERTH_COMPAT_TODAY`); by default it is the current date at each decision.
        `review_days` is the default review window of a row (`BERTH_COMPAT_REVIEW_DAYS`).
        """
        return cls(load_tables(compat_dir), today, review_days)

    def understand(self, question: str, previous: CompatQuery | None = None) -> CompatQuery:
        """Extract the structured query; with `previous`, resolve a follow-up against it."""
        return self.read(question, previous).query

    def read(self, question: str, previous: CompatQuery | None = None) -> Read:
        """The whole question read: the query plus the names set aside as context/exclusions."""
        return self.reader.read(
            question, previous, lambda text, prev: extract.understand(self._extract, text, prev)
        )

    def decide(self, query: CompatQuery, language: Language) -> Decision | None:
        """The verdict with its evidence, or None when this is not a compatibility question."""
        ctx = self.context()
        # "A HostProcess image built on ltsc2022, on 2019 nodes": the version matrix does not
        # apply to it, so the base verdict is the host's and the feature's row decides.
        matched = query.model_copy(update={"image_os": None}) if self._any_image(query) else query
        decision = reason.decide(ctx, matched, language)
        if decision is None:
            return None
        refined = self.features.refine(decision, query, language)
        return self._annotate(refined, language, ctx.today)

    def _any_image(self, query: CompatQuery) -> bool:
        unmatched = {f.id for f in self.tables.features.features if f.any_image_version}
        return bool(query.image_os and query.host_os and unmatched & set(query.features))

    def check_passages(
        self,
        decision: Decision,
        query: CompatQuery,
        passages: Sequence[Passage],
        language: Language,
    ) -> Decision:
        """The verdict, unless the best note passages say the opposite about the same thing."""
        return self.consistency.check(decision, query, passages, language)

    def describe(self, read: Read, language: Language) -> Reading:
        """What was read, for the user to see: slots by name and the one "Read as" line."""
        return describe(read, self.lexicon, language)

    def context(self) -> Ctx:
        """The reasoner's context, dated today unless the engine was given a date."""
        if self._today is not None:
            return self._reason
        today = date.today()
        if today == self._reason.today:
            return self._reason
        # A new day: date-bound rows (an offer's `until`) may mean something else now.
        self._reason = replace(self._reason, tables=as_of(self.tables, today), today=today)
        return self._reason

    def scope(self, question: str) -> Scope:
        """Whether the question is about containers, only names an OS, or leaves it open."""
        text = normalize(question)
        reading = self.tables.reading
        return read_scope(text, self.lexicon.find(text), reading.scope, reading.clauses)

    def refers_back(self, question: str) -> bool:
        """Whether the question leans on the previous turn ("what about EKS?", "for that")."""
        return extract.refers_back(self._extract, question)

    def english_terms(self, question: str) -> list[str]:
        """Canonical English names of every lexicon entity the question mentions."""
        return extract.english_terms(self._extract, question)

    def feature_terms(self, query: CompatQuery) -> list[str]:
        """English names of the features the question was read as asking about ("노드당 파드
        수" -> "pods per node"), for retrieval to find the English notes on them."""
        names = {f.id: f.name.en for f in self.tables.features.features}
        return [names[f] for f in query.features if f in names]

    def subject(self, text: str, query: CompatQuery | None = None) -> Subject:
        """The specific entities `text` names and `query` holds (with their aliases), for a
        writer to keep only the passages on the question's subject."""
        return subject_of(text, self.lexicon, self._families_of, query)

    def version(self) -> str:
        """Content hash of the table files, for readiness and cache keys."""
        return self.tables.version
