"""What a question is about, as lexicon entities, matched against the passages a writer quotes.

A writer keeps a passage only if it names what the question names, and drops one whose own
heading is about a platform the question did not ask about (a note on AWS Lambda answering
"why is my Windows image so big?"). Matching goes through the lexicon's aliases, so "Server
Core", "servercore" and "서버 코어" are one entity, and a platform counts as its family ("GKE
Standard" is about GKE).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.compat.lexicon import Lexicon, Ref, normalize, phrase_matches
from assistant.compat.query import CompatQuery

# Words every Berth passage has ("Windows", "container", "Linux"): they say nothing about which
# passage is on the question's subject.
_TOO_GENERAL = frozenset({"os_word", "generic", "container_os"})
_PLACES = frozenset({"platform", "family"})


@dataclass(frozen=True)
class Subject:
    """The entities one question names and the phrases that name them."""

    refs: frozenset[Ref]
    phrases: Mapping[Ref, tuple[str, ...]]
    lexicon: Lexicon
    families: Mapping[str, tuple[str, ...]]

    @property
    def is_empty(self) -> bool:
        return not self.refs

    def named_in(self, text: str) -> int:
        """How many of the question's entities `text` names (0 when it names none)."""
        norm = normalize(text)
        return sum(
            1
            for ref in self.refs
            if any(next(phrase_matches(p, norm), None) for p in self.phrases[ref])
        )

    def elsewhere(self, heading: str) -> bool:
        """A heading about a platform the question did not name: the passage is about there."""
        named = {
            ref
            for mention in self.lexicon.find(normalize(heading))
            for ref in _with_families(mention.ref, self.families)
            if ref.type in _PLACES
        }
        return bool(named) and not named & self.refs


# The query's slots and the lexicon type of their ids.
_SLOT_TYPES = {
    "workload": "workload",
    "base_image": "base_image",
    "host_os": "windows_version",
    "image_os": "windows_version",
    "isolation": "isolation",
}


def subject_of(
    text: str,
    lexicon: Lexicon,
    families: Mapping[str, tuple[str, ...]],
    query: CompatQuery | None = None,
) -> Subject:
    """The specific entities `text` names and those the reading `query` holds (a follow-up's
    "and 2022?" holds what the conversation was about), each with its family and every alias."""
    found = [m.ref for m in lexicon.find(normalize(text))]
    if query is not None:
        for slot, kind in _SLOT_TYPES.items():
            value = getattr(query, slot)
            if value:
                found.append(Ref(kind, value))  # type: ignore[arg-type]
        if query.platform:
            kind = "platform" if query.platform in families else "family"
            found.append(Ref(kind, query.platform))  # type: ignore[arg-type]
    refs = {
        ref
        for base in found
        if base.type not in _TOO_GENERAL
        for ref in _with_families(base, families)
    }
    return Subject(
        refs=frozenset(refs),
        phrases={ref: lexicon.spellings.get(ref, ()) for ref in refs},
        lexicon=lexicon,
        families=families,
    )


def _with_families(ref: Ref, families: Mapping[str, tuple[str, ...]]) -> list[Ref]:
    if ref.type != "platform":
        return [ref]
    return [ref, *(Ref("family", family) for family in families.get(ref.id, ()))]
