"""Whether a question is about containers, or only names an OS, a hypervisor or a language.

Scope is decided on what the question is about, not on whether it names Windows or Linux:
"How do I activate Windows Server 2022?" names a Windows version and nothing of containers;
"Can Windows Server 2022 run ltsc2019 images?" names the same version next to a container word.

- `containers`: a word that only means containers (Docker, pod), an ambiguous word in its
  container sense ("image", not "ISO image"), a name that is ours alone (a platform, a base image,
  an image tag, an isolation mode, a build number: lexicon names that are not `shared`).
- `elsewhere`: none of that, and either a container word in another sense ("shipping
  containers", "a tuple container") or a name that is used outside containers (an OS version,
  an edition, a distribution, a language).
- `unsure`: neither; the caller measures the question against the corpus instead.

A container word the asker rules out ("nothing container-related", "no containers", "not
Docker", "컨테이너 말고", "도커는 안 쓸 거예요") does not make the question ours: when every
container word is ruled out, the question is `elsewhere` and `denied` says why, which declines
it even where its words resemble the corpus (licensing, VM sizes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.compat.lexicon import Mention, has_phrase, phrase_matches
from assistant.compat.reading.clauses import negated
from assistant.compat.reading.schema import ClauseMarkers, ScopeWords
from assistant.compat.reading.spans import asking_clause, clause_spans
from assistant.compat.schema import Aliases

About = Literal["containers", "elsewhere", "unsure"]

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Scope:
    container_terms: list[str] = field(default_factory=list)
    """What makes the question ours, as written."""
    other_senses: list[str] = field(default_factory=list)
    """Container words read in another sense ("iso image")."""
    shared_names: list[str] = field(default_factory=list)
    """Names used outside containers too ("windows 11 home", "ubuntu")."""
    rest: str = ""
    """The question without its shared names: what is left to match the corpus on its own (an
    error code does; "reinstall … without losing my files" does not)."""
    denied: list[str] = field(default_factory=list)
    """Container words the asker ruled out; set only when they were all the question had."""
    off_topic: list[str] = field(default_factory=list)
    """What the question asks of a platform instead of containers ("bill", "budget alert");
    set only when no container word stands beside the platform's name."""

    @property
    def declines(self) -> bool:
        """Declined whatever the corpus's words resemble: containers ruled out, or a platform's
        billing, certificates or exams asked about."""
        return bool(self.denied or self.off_topic)

    @property
    def about(self) -> About:
        if self.container_terms:
            return "containers"
        if self.denied or self.off_topic:
            return "elsewhere"
        if self.other_senses or self.shared_names:
            return "elsewhere"
        return "unsure"


def read_scope(
    text: str, mentions: list[Mention], words: ScopeWords, markers: ClauseMarkers
) -> Scope:
    """`text` is the normalised question; `mentions` the lexicon names found in it."""
    spans = [(m.start, m.end) for m in mentions if not m.shared]
    names = len(spans)
    shared = [text[m.start : m.end] for m in mentions if m.shared]
    spans += [m.span() for m in _matches(text, words.container)]
    words_end = len(spans)
    senses = [m.span() for m in _matches(text, words.other_senses)]
    other: list[str] = []
    ambiguous = _matches(text, words.ambiguous)
    # "container image" is one word of the question: "no container image" rules out both.
    ambiguous = [
        m
        for m in ambiguous
        if not any(o.start() <= m.start() and m.end() <= o.end() and o != m for o in ambiguous)
    ]
    for match in ambiguous:
        if any(_near(text, match.span(), span, words.window) for span in senses):
            other.append(text[slice(*_joined(match.span(), senses, text, words.window))])
        else:
            spans.append(match.span())
    rest = "".join(" " if _inside(i, mentions) else ch for i, ch in enumerate(text))
    kept = [span for span in spans if not _denied(text, span, words, markers)]
    denied = [] if kept else [text[a:b] for a, b in spans]
    # Asked, not stated: "Graviton pricing is a lot better. Can I set … ARM64 for a Windows
    # task?" asks about the task; "We don't use containers yet. Can … Cloud Run?" about Cloud Run.
    spans_of = clause_spans(text, markers.connectives)
    ask_start, ask_end = spans_of[asking_clause(text, spans_of)] if spans_of else (0, len(text))
    generic = [s for s in spans[words_end:] if ask_start <= s[0] < ask_end]
    only_named = not any(m.ref.type == "container_os" for m in mentions) and not [
        s for s in spans[names:words_end] if s in kept
    ]
    if generic and only_named and not [s for s in spans[words_end:] if s in kept]:
        # "a Python Lambda deployed as a zip file (no container image)": the generic container
        # words are all ruled out and only a platform's name is left (no container OS, no
        # "Windows nodes"): the asker said it is not about containers.
        denied = [text[a:b] for a, b in generic]
        return Scope([], _unique(other), _unique(shared), rest, _unique(denied))
    terms = [text[a:b] for a, b in sorted(kept)]
    off_topic = [
        m.group(0) for m in _matches(text, words.off_topic) if ask_start <= m.start() < ask_end
    ]
    never = [m.group(0) for m in _matches(text, words.never_ours)]
    if never:
        # A logo's colour, a certification exam: not ours beside any container word either.
        return Scope([], _unique(other), _unique(shared), rest, [], _unique(never))
    if off_topic and not [s for s in spans[names:] if s in kept]:
        # Only names (a platform, a version) and a billing or exam subject: not containers.
        return Scope([], _unique(other), _unique(shared), rest, [], _unique(off_topic))
    return Scope(_unique(terms), _unique(other), _unique(shared), rest, _unique(denied))


def _denied(text: str, span: tuple[int, int], words: ScopeWords, markers: ClauseMarkers) -> bool:
    start, end = span
    if negated(text, start, end, markers):
        return True
    before, after = text[:start], text[end:]
    return bool(
        has_phrase(before.rstrip(), words.denied_before, where="end")
        or any(after.lstrip(" -").startswith(w) for w in words.denied_after)
    )


def _inside(i: int, mentions: list[Mention]) -> bool:
    return any(m.shared and m.start <= i < m.end for m in mentions)


def _matches(text: str, phrases: Aliases) -> list[re.Match[str]]:
    return [m for phrase in [*phrases.en, *phrases.ko] for m in phrase_matches(phrase, text)]


def _near(text: str, a: tuple[int, int], b: tuple[int, int], window: int) -> bool:
    """Whether spans `a` and `b` overlap or stand at most `window` words apart."""
    if a[0] < b[1] and b[0] < a[1]:
        return True
    between = text[a[1] : b[0]] if a[1] <= b[0] else text[b[1] : a[0]]
    return len(_WORD.findall(between)) <= window


def _joined(
    span: tuple[int, int], senses: list[tuple[int, int]], text: str, window: int
) -> tuple[int, int]:
    """The ambiguous word together with the nearest other-sense word, for the reading."""
    near = [s for s in senses if _near(text, span, s, window)]
    return min([span[0], *(s[0] for s in near)]), max([span[1], *(s[1] for s in near)])


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
