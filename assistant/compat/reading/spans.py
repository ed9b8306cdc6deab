"""Where a question's sentences and clauses begin and end, and which of them asks."""

from __future__ import annotations

import functools
import re

from assistant.compat.schema import Aliases

# A clause ends at a sentence end or a semicolon followed by space, or a line break.
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[?;])(?=\S)")


def clause_spans(text: str, connectives: Aliases | None = None) -> list[tuple[int, int]]:
    """Sentences, and with `connectives` the clauses a connective ends inside a sentence."""
    spans, start = [], 0
    ends = sorted(
        [*_CLAUSE_END.finditer(text), *_connective_ends(text, connectives)], key=lambda m: m.start()
    )
    for match in ends:
        if match.start() < start:
            continue
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@functools.lru_cache(maxsize=64)
def _connective_pattern(en: tuple[str, ...], ko: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    if en:
        words = "|".join(re.escape(w) for w in sorted(en, key=len, reverse=True))
        parts.append(rf",\s+(?=(?:{words})\s)")
    if ko:
        endings = "|".join(re.escape(w) for w in sorted(ko, key=len, reverse=True))
        # The ending itself falls between the two clauses: it carries no name.
        parts.append(rf"(?<=[가-힣])(?:{endings})(?:,\s*|\s+)")
    return re.compile("|".join(parts)) if parts else None


def _connective_ends(text: str, connectives: Aliases | None) -> list[re.Match[str]]:
    if connectives is None:
        return []
    pattern = _connective_pattern(tuple(connectives.en), tuple(connectives.ko))
    return list(pattern.finditer(text)) if pattern else []


def asking_clause(text: str, spans: list[tuple[int, int]]) -> int:
    """The clause that asks: the last with a question mark, else the last one. A bare "되나요?"
    or "Possible?" after a statement asks that statement: "… 같은 이미지를 App Service에도
    배포해야 하거든요. 되나요?" asks about App Service."""
    asking = [i for i, (start, end) in enumerate(spans) if "?" in text[start:end]]
    index = asking[-1] if asking else len(spans) - 1
    start, end = spans[index]
    if index > 0 and asking and is_bare(text[start:end]):
        before_start, before_end = spans[index - 1]
        if "?" not in text[before_start:before_end]:
            return index - 1
    return index


_WORD = re.compile(r"[\w'-]+")


def is_bare(clause: str) -> bool:
    """A clause of one word ("되나요?", "Possible?"): it asks about the statement before it."""
    return len(_WORD.findall(clause)) == 1


def clause_of(spans: list[tuple[int, int]], position: int) -> int:
    """The index of the clause holding `position`, or -1."""
    return next((i for i, (start, end) in enumerate(spans) if start <= position < end), -1)


def with_connective(text: str, spans: list[tuple[int, int]], index: int) -> str:
    """Clause `index` together with the connective that ends it ("안 되는 거 아는데, …" ends in
    "는데"): words that mark the clause often stand in its ending."""
    start, end = spans[index]
    through = spans[index + 1][0] if index + 1 < len(spans) else end
    return text[start:through]
