"""Issue 9 metrics over one suite's scores: confident wrong verdicts, honest unknowns, verdict
consistency across surface forms, decline precision/recall and the reading audit.

A *confident wrong* verdict is a definite verdict of the opposite polarity to what the gold
accepts: the gold accepts only "no" and Berth says yes / conditional, or the gold accepts only
yes / conditional and Berth says no. An `unknown` where a definite verdict was expected is an
*honest unknown* (a miss, but not a wrong answer); a definite verdict where the gold says the
corpus does not settle it is *overconfident* (listed apart: it is a guess, not a contradiction).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from assistant.models import VerdictStatus
from eval.gold import GoldItem
from eval.metrics import ItemScore, aggregate

_POSITIVE: frozenset[VerdictStatus | None] = frozenset({"yes", "conditional"})
_NEGATIVE: frozenset[VerdictStatus | None] = frozenset({"no"})


def got_verdict(score: ItemScore) -> VerdictStatus | None:
    answer = score.result.answer
    return answer.verdict if answer is not None else None


def is_confident_wrong(score: ItemScore) -> bool:
    got = got_verdict(score)
    expected = set(score.item.verdict)
    if score.result.error is not None or score.result.declined or got in expected:
        return False
    if got in _POSITIVE:
        return bool(expected & _NEGATIVE) and not expected & _POSITIVE
    if got in _NEGATIVE:
        return bool(expected & _POSITIVE) and not expected & _NEGATIVE
    return False


def is_honest_unknown(score: ItemScore) -> bool:
    expected = set(score.item.verdict)
    return got_verdict(score) == "unknown" and "unknown" not in expected and None not in expected


def is_overconfident(score: ItemScore) -> bool:
    got = got_verdict(score)
    return set(score.item.verdict) == {"unknown"} and got in (_POSITIVE | _NEGATIVE)


def is_right(score: ItemScore) -> bool:
    """Declined exactly when it should be, an accepted verdict, and for a factual item every
    required term: a fact in the corpus that the answer does not state is a miss (pattern 6)."""
    if score.result.error is not None or not score.decline_ok or score.verdict_ok is False:
        return False
    factual = not score.item.is_compat and not score.item.decline
    return not (factual and score.condition_recall is not None and score.condition_recall < 1.0)


@dataclass
class ReadingAudit:
    audited: int = 0
    """Answers that carried a reading; 0 means the audit is not available yet (n/a)."""
    with_unplaced: int = 0
    words: Counter[str] = field(default_factory=Counter)
    per_item: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.with_unplaced / self.audited if self.audited else None


def reading_audit(scores: Sequence[ItemScore]) -> ReadingAudit:
    audit = ReadingAudit()
    for s in scores:
        answer = s.result.answer
        if answer is None or answer.unplaced is None:
            continue
        audit.audited += 1
        if answer.unplaced:
            audit.with_unplaced += 1
            audit.words.update(w.casefold() for w in answer.unplaced)
            audit.per_item[s.item.id] = list(answer.unplaced)
    return audit


@dataclass
class SuiteMetrics:
    n: int
    errors: int
    right_rate: float | None
    verdict_accuracy: float | None
    confident_wrong: int
    honest_unknown: int
    overconfident: int
    verdict_on_declined: int
    """Out-of-scope items that got a verdict instead of a decline."""
    decline_precision: float | None
    decline_recall: float | None
    consistency: float | None
    """Generated items only: share whose verdict stays with the table row."""
    stable_facts: float | None
    """Generated items only: share of table facts whose every form got an accepted verdict."""
    reading_unplaced_rate: float | None
    reading_audited: int
    passage_conflicts: int = 0
    """Verdicts not led with because a cited note says the opposite (each a row to fix)."""

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def suite_metrics(scores: Sequence[ItemScore]) -> SuiteMetrics:
    base = aggregate(scores)
    rows = [s for s in scores if s.item.row is not None]
    by_fact: dict[str, list[ItemScore]] = defaultdict(list)
    for s in rows:
        by_fact[str(s.item.row)].append(s)
    audit = reading_audit(scores)
    return SuiteMetrics(
        n=len(scores),
        errors=base.errors,
        right_rate=_share(is_right(s) for s in scores),
        verdict_accuracy=base.verdict_accuracy,
        confident_wrong=sum(map(is_confident_wrong, scores)),
        honest_unknown=sum(map(is_honest_unknown, scores)),
        overconfident=sum(map(is_overconfident, scores)),
        verdict_on_declined=sum(1 for s in scores if s.item.decline and got_verdict(s) is not None),
        decline_precision=base.decline_precision,
        decline_recall=base.decline_recall,
        consistency=_share(s.verdict_ok is True for s in rows) if rows else None,
        stable_facts=_share(all(s.verdict_ok for s in group) for group in by_fact.values())
        if by_fact
        else None,
        reading_unplaced_rate=audit.rate,
        reading_audited=audit.audited,
        passage_conflicts=sum(
            1 for s in scores if s.result.answer and s.result.answer.contradicted
        ),
    )


def consistency_by_form(
    scores: Sequence[ItemScore], form_of: Callable[[GoldItem], str]
) -> dict[str, float]:
    """Generated items: consistency per surface form, worst first (which wording breaks it)."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for s in scores:
        if s.item.row is not None:
            groups[form_of(s.item)].append(s.verdict_ok is True)
    shares = {form: sum(v) / len(v) for form, v in groups.items()}
    return dict(sorted(shares.items(), key=lambda kv: (kv[1], kv[0])))


def by_pattern(scores: Sequence[ItemScore]) -> dict[str, tuple[int, int, int]]:
    """Hand-written items: (n, right, confident wrong) per failure pattern of issue 9."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in scores:
        for pattern in s.item.patterns or ["plain"]:
            cell = out[pattern]
            cell[0] += 1
            cell[1] += int(is_right(s))
            cell[2] += int(is_confident_wrong(s))
    return {k: (v[0], v[1], v[2]) for k, v in sorted(out.items())}


def _share(values: Iterable[bool]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None
