"""The verdict checked against the passages cited beside it.

A table row can be wrong or too coarse while the note it came from says more: the worst answer
Berth can give is "Yes" above a quoted sentence that says "not supported". So before a verdict
is shown, each sentence of the best note passages that affirms or denies something (polarity
words in reading.yaml) is read with the same reader as the question. When a sentence is about
the same thing — the asked place (or the family it belongs to), no slot the question did not
fill, the same features — and its polarity is the opposite of the verdict's, the verdict is not
led with: it becomes `unknown`, the answer quotes the sentence and names the table verdict it
contradicts, and `Verdict.contradicted_by` lists the passages (a metric and the eval count them;
each is a table row to add or fix).

Conservative on purpose: a sentence with a condition in it ("only", "unless", "경우") or one
about a narrower subject than the question (a member of an asked family, an isolation mode, an
image the question did not name) does not count, because a false alarm turns a right answer
into an unsettled one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.compat.messages import STATUS_KEY, MessageKey
from assistant.compat.query import CompatQuery, Decision
from assistant.compat.reading.schema import PolarityWords
from assistant.compat.tables import Tables
from assistant.models import Language
from assistant.search.retrieval import Passage

PASSAGES_CHECKED = 5
"""The best note passages: the ones an answer cites."""
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")
_SLOTS = ("workload", "host_os", "image_os", "base_image", "isolation", "arch", "edition")


@dataclass(frozen=True)
class Contradiction:
    passage_id: str
    source: str
    section: str
    sentence: str


@dataclass
class Polarity:
    """Compiled polarity patterns of one language."""

    negative: re.Pattern[str]
    positive: re.Pattern[str]
    qualified: re.Pattern[str]

    def of(self, sentence: str) -> str | None:
        """ "negative", "positive", or None for a sentence that states a condition or neither."""
        if self.qualified.search(sentence):
            return None
        if self.negative.search(sentence):
            return "negative"
        if self.positive.search(sentence):
            return "positive"
        return None


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)


@dataclass
class ConsistencyCheck:
    tables: Tables
    read_query: Callable[[str], CompatQuery]
    """The question reader, applied to a passage sentence."""
    _polarity: dict[str, Polarity] = field(init=False)
    _generic_hosts: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        words: PolarityWords = self.tables.reading.polarity
        self._polarity = {
            language: Polarity(
                _compile(getattr(words.negative, language)),
                _compile(getattr(words.positive, language)),
                _compile(getattr(words.qualified, language)),
            )
            for language in ("en", "ko")
        }
        self._read = lru_cache(maxsize=4096)(self.read_query)
        self._generic_hosts = {
            host.id: "linux" if host.kind == "linux" else "windows"
            for host in self.tables.hosts.values()
            if host.id == host.kind or host.kind in ("windows-any", "linux")
        }

    def check(
        self,
        decision: Decision,
        query: CompatQuery,
        passages: Sequence[Passage],
        language: Language,
    ) -> Decision:
        status = decision.verdict.status
        if status not in ("yes", "conditional", "no") or not (query.platform or query.host_os):
            return decision
        opposite = "positive" if status == "no" else "negative"
        found = self.contradictions(query, passages, opposite)
        if not found:
            return decision
        return self._not_led_with(decision, found, language)

    def contradictions(
        self, query: CompatQuery, passages: Sequence[Passage], polarity: str
    ) -> list[Contradiction]:
        # Prose only: a Markdown table row holds several claims in its columns, a table row
        # chunk is the verdict's own source.
        notes = [p.chunk for p in passages if p.chunk.kind == "text"][:PASSAGES_CHECKED]
        found: list[Contradiction] = []
        for chunk in notes:
            rules = self._polarity[chunk.language]
            for sentence in _sentences(chunk.text):
                if rules.of(sentence) != polarity:
                    continue
                if self._same_subject(self._read(sentence), query, polarity):
                    found.append(Contradiction(chunk.id, chunk.source, chunk.section, sentence))
                    break
        return found

    def _same_subject(self, said: CompatQuery, asked: CompatQuery, polarity: str) -> bool:
        """A denial speaks for everything narrower than what it names ("GKE does not run
        Windows containers" answers "IIS on GKE?"), so the sentence may fill fewer slots than
        the question; an affirmation only for what it names ("ECS runs Windows on Fargate" says
        nothing of ARM64), so it must fill every slot the question fills."""
        if not self._same_place(said, asked) or not _versions_asked(said, asked):
            return False
        for slot in (*_SLOTS, "container_os"):
            value, wanted = getattr(said, slot), getattr(asked, slot)
            if slot == "container_os" and wanted is None:
                wanted = self._only_os(asked)
            if slot == "host_os" and wanted is None and value in self._generic_hosts:
                # "Windows nodes on GKE …" names an OS, not a host version: it must be the
                # asked container OS.
                if self._generic_hosts[value] != (asked.container_os or self._only_os(asked)):
                    return False
                value = None
            if value is not None and value != wanted:
                return False
            if polarity == "positive" and wanted is not None and value != wanted:
                return False
        if polarity == "positive":
            return set(said.features) == set(asked.features)
        if said.features or asked.features:
            return bool(said.features) and set(said.features) <= set(asked.features)
        return True

    def _only_os(self, asked: CompatQuery) -> str | None:
        """The one container OS the asked workload or base image runs on (.NET Framework:
        Windows), so "a Windows container image … cannot be deployed" speaks for it."""
        workload = self.tables.workloads.get(asked.workload or "")
        if workload is not None:
            runs = [os for os, s in workload.os.items() if s.status in ("yes", "conditional")]
            return runs[0] if len(runs) == 1 else None
        image = self.tables.base_images.get(asked.base_image or "")
        return image.os[0] if image is not None and len(image.os) == 1 else None

    def _same_place(self, said: CompatQuery, asked: CompatQuery) -> bool:
        # Exactly the asked place: a sentence about EKS does not speak for EKS Auto Mode, nor
        # one about Autopilot for GKE.
        if asked.platform:
            return said.platform == asked.platform and said.platform not in asked.excluded
        return said.platform is None and said.host_os == asked.host_os

    def _not_led_with(
        self, decision: Decision, found: list[Contradiction], language: Language
    ) -> Decision:
        verdict = decision.verdict.model_copy(deep=True)
        table_says = self._msg(STATUS_KEY[verdict.status], language)
        first = found[0]
        verdict.missing.insert(
            0,
            self._msg(
                "passage_contradicts",
                language,
                verdict=table_says,
                sentence=first.sentence,
                source=f"{first.source} § {first.section}",
            ),
        )
        verdict.status = "unknown"
        verdict.contradicted_by = [c.passage_id for c in found]
        return Decision(verdict=verdict, evidence=list(decision.evidence))

    def _msg(self, key: MessageKey, language: Language, **params: str) -> str:
        return self.tables.messages[key].get(language).format(**params)


def _versions_asked(said: CompatQuery, asked: CompatQuery) -> bool:
    """A sentence that names a version ("not supported on Kubernetes 1.37 and later") is about
    that version only: it speaks for a question that states the same one, not for one on 1.36
    or one that states none (the tables' version bounds answer those)."""
    stated = {_version_number(v) for v in asked.versions}
    return all(_version_number(v) in stated for v in said.versions)


def _version_number(version: str) -> str:
    # "AKS 1.37" and "Kubernetes 1.37" state the same version of an AKS cluster.
    return version.split()[-1].lower()


def _sentences(text: str) -> list[str]:
    units = (s.strip(" -*") for s in _SENTENCE_END.split(text))
    return [s for s in units if len(s) > 12 and not s.startswith("|")]
