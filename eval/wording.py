"""How an answer is worded, judged on what a reader sees first (issue 16).

- answer precision: the share of cited lines (the first line and the bullets that carry `[n]`)
  that are on the question's subject: they cite one of the item's expected sources, or hold one
  of its required terms or its gold fact;
- first-line hit: the first line holds the item's gold fact (`fact` in questions.yaml);
- duplicates: cited lines that repeat an earlier one (most of its words again).

The same judge reads Berth's answer and the naive baseline's (its top passages, quoted), so the
two are side by side on one scale. Matching is eval's own (eval/matching.py), not the writer's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from eval.gold import GoldItem
from eval.matching import group_satisfied, normalize

_REF = re.compile(r"\[(\d+)\]")
_WORD = re.compile(r"[a-z0-9][a-z0-9./:_-]*|[\uac00-\ud7a3]+")
REPEAT_SHARE = 0.6
"""A line holding this share of an earlier line's words (of the shorter one) repeats it."""


class Cited(Protocol):
    @property
    def n(self) -> int: ...

    @property
    def source(self) -> str: ...


@dataclass(frozen=True)
class Wording:
    precision: float | None
    """None when the answer has no cited line."""
    first_line_hit: bool | None
    """None when the item has no gold fact."""
    duplicates: int


def first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def cited_lines(text: str) -> list[str]:
    """Lines that quote a source; a verdict's headline (it cites the table rows its verdict
    comes from) is judged by the verdict metrics, not here."""
    return [
        line
        for line in text.splitlines()
        if _REF.search(line) and not line.lstrip().startswith("**")
    ]


def judge(item: GoldItem, text: str, citations: Sequence[Cited]) -> Wording:
    by_n = {c.n: c for c in citations}
    lines = cited_lines(text)
    on_subject = [_on_subject(item, line, by_n) for line in lines]
    precision = sum(on_subject) / len(lines) if lines else None
    hit = group_satisfied(first_line(text), item.gold_fact) if item.gold_fact else None
    return Wording(precision=precision, first_line_hit=hit, duplicates=duplicates(lines))


def duplicates(lines: Sequence[str]) -> int:
    seen: list[set[str]] = []
    count = 0
    for line in lines:
        words = _words(line)
        if any(_share(words, earlier) >= REPEAT_SHARE for earlier in seen):
            count += 1
        seen.append(words)
    return count


def _on_subject(item: GoldItem, line: str, by_n: dict[int, Cited]) -> bool:
    cited = [by_n[int(n)] for n in _REF.findall(line) if int(n) in by_n]
    if any(c.source in item.expected_sources for c in cited):
        return True
    groups = [*item.required, *([item.gold_fact] if item.gold_fact else [])]
    return any(group_satisfied(line, group) for group in groups)


def _words(line: str) -> set[str]:
    return set(_WORD.findall(normalize(_REF.sub(" ", line))))


def _share(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
