"""Which clauses ask, and what the statements around them only set the scene for.

"Linux pods set fsGroup. Can a Windows pod …?" and "We run Linux pods on AKS. Can we add a
Windows Server 2022 node pool?" ask about Windows: the statement's OS is background. "AKS 가상
노드 말고 그냥 ACI" rules the place of a ruled-out feature out with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compat.lexicon import Mention
from assistant.compat.phrases import has_phrase
from assistant.compat.reading.implied import OS_TYPES, Implied, os_of
from assistant.compat.reading.schema import ReadingVocabulary
from assistant.compat.reading.spans import clause_of, clause_spans, is_bare

# "Is it fine to add …?": an "it" that points at nothing said before.
_DUMMY_IT = re.compile(
    r"\b(?:is|was|would|will)\s+it\s+(?:be\s+)?(?:fine|ok|okay|possible|allowed|safe|true)\b"
    r"|\bit'?s\s+(?:fine|ok|okay|possible|allowed)\b"
)


@dataclass(frozen=True)
class Asking:
    vocabulary: ReadingVocabulary
    implied: Implied

    def mentions(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """The mentions in the clauses that ask (with a question mark); all of them when
        no clause asks or there is only one."""
        spans = clause_spans(text, self.vocabulary.clauses.connectives)
        asking = [i for i, (s, e) in enumerate(spans) if "?" in text[s:e]]
        if len(spans) < 2 or not asking:
            return mentions
        # A bare "돼요?" or "Possible?" asks about the statement right before it.
        asking += [i - 1 for i in asking if i > 0 and is_bare(text[slice(*spans[i])])]
        return [m for m in mentions if clause_of(spans, m.start) in asking]

    def background_os(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """OS names of a sentence before the question when the question names the other OS:
        "Linux pods set fsGroup. Can a Windows pod …?" asks about Windows."""
        kinds = OS_TYPES
        asked = self.mentions(text, mentions)
        asked_os = {os_of(m.ref.id) for m in asked if m.ref.type in kinds}
        if not asked_os and len(asked) < len(mentions) and not self._refers_back(text):
            # "We run Linux pods on AKS. Can we add a Windows Server 2022 node pool?": a
            # Windows version or a Windows-only image asked about names the OS too (not in
            # "Our app is a Linux container. Can it run on …?", which asks about the app).
            asked_os = self.implied.subject_os(asked)
            asked_os |= {"windows" for m in asked if m.ref.type == "windows_version"}
        if len(asked_os) != 1:
            return []
        return [
            m
            for m in mentions
            if m.ref.type in kinds and m not in asked and os_of(m.ref.id) not in asked_os
        ]

    def background_modes(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """An isolation mode of a statement when the question names the other one: "Process
        isolation fails. Will it start with --isolation=hyperv?" asks about Hyper-V."""
        modes = [m for m in mentions if m.ref.type == "isolation"]
        asked = self.mentions(text, modes)
        asked_modes = {m.ref.id for m in asked}
        if len(asked_modes) != 1 or len(asked) == len(modes):
            return []
        return [m for m in modes if m not in asked and m.ref.id not in asked_modes]

    def _refers_back(self, text: str) -> bool:
        spans = clause_spans(text, self.vocabulary.clauses.connectives)
        asking = " ".join(text[a:b] for a, b in spans if "?" in text[a:b])
        return has_phrase(_DUMMY_IT.sub(" ", asking), self.vocabulary.clauses.referents)


def owners_of_ruled_out(
    text: str,
    named: list[Mention],
    hits: list[tuple[int, int, str]],
    ruled_out: list[str],
    excluded: list[Mention],
) -> list[Mention]:
    """ "AKS 가상 노드 말고 그냥 ACI": the place right before a feature the asker rules out goes
    with it, when another place is named to ask about instead."""
    places = [m for m in named if m.ref.type in ("platform", "family") and m not in excluded]
    starts = {s for s, _, f in hits if f in ruled_out}
    owners = [m for m in places if any(len(text[:s].rstrip()) == m.end for s in starts)]
    others = {m.ref.id for m in places if m not in owners}
    return [m for m in owners if others - {m.ref.id}]
