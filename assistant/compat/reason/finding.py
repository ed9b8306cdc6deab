"""What one rule found, and how findings combine: all_of (every check must pass) and best_of
(one of the options is enough)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from assistant.compat.schema import Status, Support, Text

SEVERITY: Final[dict[Status, int]] = {"yes": 0, "conditional": 1, "unknown": 2, "no": 3}


@dataclass
class Finding:
    status: Status
    conditions: list[Text] = field(default_factory=list)
    reasons: list[Text] = field(default_factory=list)
    missing: list[Text] = field(default_factory=list)
    alternatives: list[Text] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    """Fact ids ("platform.gke-standard", "matrix.ws2022-ws2019") the finding rests on."""


def all_of(findings: Sequence[Finding]) -> Finding:
    """Every check must pass: the worst status wins; the lists keep the input order."""
    if not findings:
        return Finding("yes")
    status = max((f.status for f in findings), key=SEVERITY.__getitem__)
    out = Finding(status)
    for finding in findings:
        extend(out, finding)
    # The reasons that decide the verdict come first; a "no" gives only the reasons for it.
    deciding = [r for f in findings if f.status == status for r in f.reasons]
    others = [r for f in findings for r in f.reasons] if status != "no" else []
    out.reasons = unique(deciding + others)
    return out


def best_of(findings: Sequence[Finding]) -> Finding:
    """One of the options is enough: the best status wins; if none works, all reasons count."""
    if not findings:
        return Finding("unknown")
    best = min(findings, key=lambda f: SEVERITY[f.status])
    if best.status == "no":
        return all_of(findings)
    if best.status == "unknown":
        out = Finding("unknown")
        for finding in findings:
            extend(out, finding)
        out.conditions = []
        return out
    return best


def extend(out: Finding, other: Finding) -> None:
    out.conditions = unique(out.conditions + other.conditions)
    out.reasons = unique(out.reasons + other.reasons)
    out.missing = unique(out.missing + other.missing)
    out.alternatives = unique(out.alternatives + other.alternatives)
    out.facts = list(dict.fromkeys(out.facts + other.facts))


def unique(texts: Iterable[Text]) -> list[Text]:
    """The texts in order, each English sentence once."""
    seen: set[str] = set()
    out: list[Text] = []
    for text in texts:
        if text.en not in seen:
            seen.add(text.en)
            out.append(text)
    return out


def settled(
    support: Support | None,
    fact: str,
    alternatives: Sequence[Text],
    unknown: Text,
    no: Text,
) -> Finding | None:
    """The finding an OS row settles by itself: not in the tables or "unknown" (with `unknown`
    when the row gives no reason), or "no" (with `no`); None when the row says yes or
    conditional and the checks go on."""
    if support is None or support.status == "unknown":
        missing = (support.reason if support else None) or unknown
        return Finding("unknown", missing=[missing], facts=[fact])
    if support.status == "no":
        return Finding(
            "no", reasons=[support.reason or no], alternatives=list(alternatives), facts=[fact]
        )
    return None
