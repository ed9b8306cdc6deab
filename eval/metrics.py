"""Scoring: one gold item against one system's result, then aggregates per category.

Every metric is None where it does not apply (e.g. citation precision for an answer without
citations, text metrics for the retrieval-only baseline) and aggregates skip the Nones, so a
number always says how many items it rests on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.models import VerdictStatus
from eval.gold import REPORT_CATEGORIES, GoldItem
from eval.matching import (
    contains_term,
    forbidden_hits,
    group_satisfied,
    identifiers,
    sentences_citing,
    text_language,
)
from eval.wording import Wording
from eval.wording import judge as judge_wording

RECALL_K = 5
MRR_K = 10


@dataclass(frozen=True)
class CitedPassage:
    n: int
    source: str
    snippet: str


@dataclass(frozen=True)
class AnswerView:
    """What a user sees of one answer: the parts the metrics read."""

    text: str
    language: str
    verdict: VerdictStatus | None
    citations: tuple[CitedPassage, ...] = ()
    unplaced: tuple[str, ...] | None = None
    """Words the answer's reading left unplaced; None while the Answer carries no reading."""
    reading: str | None = None
    """The reading's one "Read as: ..." line, when the Answer carries one."""
    contradicted: bool = False
    """The table verdict was not led with: a cited note says the opposite (a row to fix)."""


@dataclass(frozen=True)
class ItemResult:
    """One system's result for one gold item (the last turn of its conversation)."""

    item_id: str
    declined: bool
    latency_ms: float
    answer: AnswerView | None = None  # None for retrieval-only systems (the baseline)
    quoted: AnswerView | None = None
    """A system without verdicts: the text it would show (the baseline's passages, quoted),
    judged on its wording only."""
    retrieved: tuple[str, ...] | None = None  # source path of each retrieved chunk, best first
    error: str | None = None


@dataclass(frozen=True)
class ItemScore:
    item: GoldItem
    result: ItemResult
    verdict_ok: bool | None = None
    condition_recall: float | None = None
    missing_groups: tuple[tuple[str, ...], ...] = ()
    forbidden: tuple[str, ...] | None = None  # hits; None when the item forbids nothing
    citation_precision: float | None = None
    citation_support: float | None = None
    recall_at_k: float | None = None
    reciprocal_rank: float | None = None
    language_ok: bool | None = None
    wording: Wording | None = None

    @property
    def decline_ok(self) -> bool:
        return self.item.decline == self.result.declined

    @property
    def passed(self) -> bool:
        """The item is right in every judged respect (used to list failures)."""
        if self.result.error is not None or not self.decline_ok:
            return False
        checks = (self.verdict_ok, self.language_ok)
        if any(c is False for c in checks):
            return False
        if self.condition_recall is not None and self.condition_recall < 1.0:
            return False
        return not self.forbidden


def score_item(item: GoldItem, result: ItemResult) -> ItemScore:
    recall, rr = _retrieval(item, result.retrieved)
    answer = result.answer
    shown = answer or result.quoted
    wording = (
        judge_wording(item, shown.text, shown.citations)
        if shown is not None and result.error is None and not item.decline and not result.declined
        else None
    )
    if answer is None or result.error is not None:
        return ItemScore(
            item=item, result=result, recall_at_k=recall, reciprocal_rank=rr, wording=wording
        )

    verdict_ok = None if item.decline else (answer.verdict in item.verdict)
    cond: float | None = None
    missing: tuple[tuple[str, ...], ...] = ()
    if item.required and not item.decline:
        missing = tuple(tuple(g) for g in item.required if not group_satisfied(answer.text, g))
        cond = 1.0 - len(missing) / len(item.required)
    forbidden = tuple(forbidden_hits(answer.text, item.forbidden)) if item.forbidden else None
    precision, support = _citations(item, answer)
    language_ok = answer.language == item.language and text_language(answer.text) == item.language
    return ItemScore(
        item=item,
        result=result,
        verdict_ok=verdict_ok,
        condition_recall=cond,
        missing_groups=missing,
        forbidden=forbidden,
        citation_precision=precision,
        citation_support=support,
        recall_at_k=recall,
        reciprocal_rank=rr,
        language_ok=language_ok,
        wording=wording,
    )


def _retrieval(
    item: GoldItem, retrieved: Sequence[str] | None
) -> tuple[float | None, float | None]:
    if retrieved is None or item.decline or not item.sources:
        return None, None
    top = set(retrieved[:RECALL_K])
    recall = sum(1 for g in item.sources if top.intersection(g)) / len(item.sources)
    expected = item.expected_sources
    rr = 0.0
    for rank, src in enumerate(retrieved[:MRR_K], start=1):
        if src in expected:
            rr = 1.0 / rank
            break
    return recall, rr


def _citations(item: GoldItem, answer: AnswerView) -> tuple[float | None, float | None]:
    """Precision: cited sources are among the expected ones (or a table row backing the right
    verdict). Support: each cited passage holds the terms it is cited for (gold term groups and
    identifiers in the sentences citing it)."""
    if not answer.citations or item.decline:
        return None, None
    on_target = sum(1 for c in answer.citations if _cites_expected(item, answer, c))
    precision = on_target / len(answer.citations)

    by_n = {c.n: c for c in answer.citations}
    citing = sentences_citing(answer.text)
    judged = 0
    supported = 0
    for n in by_n:
        sentences = citing.get(n)
        if not sentences:
            continue  # listed but never cited inline: nothing to judge it against
        judged += 1
        ok = True
        for sentence in sentences:
            cited_here = [by_n[m] for m in sentences_citing(sentence) if m in by_n]
            pooled = " ".join(c.snippet for c in cited_here)
            for group in item.required:
                if group_satisfied(sentence, group) and not group_satisfied(pooled, group):
                    ok = False
            for ident in identifiers(sentence):
                if not contains_term(pooled, ident):
                    ok = False
        if ok:
            supported += 1
    support = supported / judged if judged else None
    return precision, support


TABLES_DIR = "corpus/compat/"


def _cites_expected(item: GoldItem, answer: AnswerView, citation: CitedPassage) -> bool:
    if citation.source in item.expected_sources:
        return True
    if citation.source.startswith(TABLES_DIR):
        # Verdicts are computed from the tables, so citing a row is on target when the row backs
        # what the item asks: a verdict the gold accepts, or a snippet with a required term.
        if item.is_compat and answer.verdict in item.verdict:
            return True
        return any(group_satisfied(citation.snippet, g) for g in item.required)
    return False


# ------------------------------------------------------------------ aggregates


@dataclass
class Metrics:
    n: int = 0
    verdict_accuracy: float | None = None
    condition_recall: float | None = None
    forbidden_rate: float | None = None
    citation_precision: float | None = None
    citation_support: float | None = None
    recall_at_5: float | None = None
    mrr_at_10: float | None = None
    decline_precision: float | None = None
    decline_recall: float | None = None
    decline_accuracy: float | None = None
    """Share of items declined exactly when they should be: defined for every category."""
    language_match: float | None = None
    answer_precision: float | None = None
    """Share of cited lines on the question's subject (eval/wording.py)."""
    first_line_hit: float | None = None
    """Share of answers whose first line holds the gold fact."""
    duplicates: float | None = None
    """Repeated cited lines per answer."""
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    errors: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _mean(values: Iterable[float | bool | None]) -> tuple[float | None, int]:
    vals = [float(v) for v in values if v is not None]
    return (sum(vals) / len(vals), len(vals)) if vals else (None, 0)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); no interpolation, so it is an observed latency."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[rank - 1]


def aggregate(scores: Sequence[ItemScore]) -> Metrics:
    m = Metrics(n=len(scores))
    m.errors = sum(1 for s in scores if s.result.error is not None)
    m.verdict_accuracy, m.counts["verdict"] = _mean(s.verdict_ok for s in scores)
    m.condition_recall, m.counts["conditions"] = _mean(s.condition_recall for s in scores)
    m.forbidden_rate, m.counts["forbidden"] = _mean(
        (bool(s.forbidden) if s.forbidden is not None else None) for s in scores
    )
    m.citation_precision, m.counts["citations"] = _mean(s.citation_precision for s in scores)
    m.citation_support, m.counts["support"] = _mean(s.citation_support for s in scores)
    m.recall_at_5, m.counts["retrieval"] = _mean(s.recall_at_k for s in scores)
    m.mrr_at_10, _ = _mean(s.reciprocal_rank for s in scores)
    m.language_match, m.counts["language"] = _mean(s.language_ok for s in scores)
    worded = [s.wording for s in scores if s.wording is not None]
    m.answer_precision, m.counts["worded"] = _mean(w.precision for w in worded)
    m.first_line_hit, m.counts["first_line"] = _mean(w.first_line_hit for w in worded)
    m.duplicates, _ = _mean(w.duplicates for w in worded)

    judged = [s for s in scores if s.result.error is None]
    predicted = [s for s in judged if s.result.declined]
    gold = [s for s in judged if s.item.decline]
    true_pos = sum(1 for s in predicted if s.item.decline)
    m.counts["declined"] = len(predicted)
    m.counts["should_decline"] = len(gold)
    # Precision with nothing declined is undefined; an empty slice reports None, not a fake 1.0.
    m.decline_precision = true_pos / len(predicted) if predicted else None
    m.decline_recall = true_pos / len(gold) if gold else None
    m.decline_accuracy, _ = _mean(s.decline_ok for s in judged)

    latencies = [s.result.latency_ms for s in judged]
    m.latency_p50_ms = percentile(latencies, 50)
    m.latency_p95_ms = percentile(latencies, 95)
    return m


def aggregate_by_category(scores: Sequence[ItemScore]) -> dict[str, Metrics]:
    out: dict[str, Metrics] = {}
    for cat in REPORT_CATEGORIES:
        subset = [s for s in scores if s.item.category == cat]
        if subset:
            out[cat] = aggregate(subset)
    out["overall"] = aggregate(scores)
    return out


def aggregate_by_language(scores: Sequence[ItemScore]) -> dict[str, Metrics]:
    """Korean and English apart: Korean questions go through glossary expansion and an
    English-only model, so their retrieval is reported on its own."""
    languages = sorted({s.item.language for s in scores})
    return {lang: aggregate([s for s in scores if s.item.language == lang]) for lang in languages}
