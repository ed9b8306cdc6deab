"""Metrics on small hand-made results, with the numbers worked out by hand."""

from __future__ import annotations

import pytest

from eval.gold import GoldItem
from eval.metrics import (
    AnswerView,
    CitedPassage,
    ItemResult,
    aggregate,
    aggregate_by_category,
    percentile,
    score_item,
)

GKE = "corpus/notes/gke.md"
EKS = "corpus/notes/eks.md"


def gold(**over: object) -> GoldItem:
    base: dict[str, object] = {
        "id": "g-1",
        "category": "verdict",
        "language": "en",
        "question": "Can my .NET Framework app run on GKE?",
        "verdict": "conditional",
        "required": [["Standard"], ["node pool"]],
        "forbidden": ["Autopilot supports Windows"],
        "sources": [[GKE]],
        "facts": ["E13"],
    }
    base.update(over)
    return GoldItem.model_validate(base)


def result(
    text: str = "**Yes, with conditions.** Use GKE Standard with a Windows node pool [1].",
    verdict: str | None = "conditional",
    citations: tuple[CitedPassage, ...] = (
        CitedPassage(1, GKE, "GKE Standard supports Windows Server node pools."),
    ),
    retrieved: tuple[str, ...] | None = (GKE, EKS),
    declined: bool = False,
    language: str = "en",
    latency: float = 10.0,
) -> ItemResult:
    return ItemResult(
        item_id="g-1",
        declined=declined,
        latency_ms=latency,
        answer=AnswerView(text=text, language=language, verdict=verdict, citations=citations),  # type: ignore[arg-type]
        retrieved=retrieved,
    )


def test_a_right_answer_scores_full_marks() -> None:
    s = score_item(gold(), result())
    assert s.verdict_ok is True
    assert s.condition_recall == 1.0
    assert s.forbidden == ()
    assert s.citation_precision == 1.0
    assert s.citation_support == 1.0
    assert s.recall_at_k == 1.0
    assert s.reciprocal_rank == 1.0
    assert s.language_ok is True
    assert s.passed


def test_wrong_verdict_missing_condition_and_forbidden_claim() -> None:
    s = score_item(
        gold(),
        result(
            text="**Yes.** Autopilot supports Windows, just use GKE Standard [1].", verdict="yes"
        ),
    )
    assert s.verdict_ok is False
    assert s.condition_recall == 0.5
    assert s.missing_groups == (("node pool",),)
    assert s.forbidden == ("Autopilot supports Windows",)
    assert not s.passed


def test_citation_precision_and_support() -> None:
    cits = (
        CitedPassage(1, GKE, "GKE Standard supports Windows Server node pools."),
        CitedPassage(2, EKS, "EKS Windows AMIs exist for 2019 and 2022."),
    )
    text = "Use GKE Standard [1]. It needs build 20348 [2]."
    s = score_item(gold(), result(text=text, citations=cits))
    assert s.citation_precision == 0.5  # eks.md is not an expected source
    assert s.citation_support == 0.5  # [2] is cited for 20348, which its passage lacks


def test_retrieval_recall_and_reciprocal_rank() -> None:
    item = gold(sources=[[GKE], [EKS, "corpus/notes/ecs.md"]])
    ranked = ("a", "b", EKS, "c", "d", GKE)  # GKE at rank 6: outside the top 5
    s = score_item(item, result(retrieved=ranked))
    assert s.recall_at_k == 0.5
    assert s.reciprocal_rank == pytest.approx(1 / 3)
    assert score_item(item, result(retrieved=tuple("abcdefghijk") + (GKE,))).reciprocal_rank == 0


def test_language_needs_field_and_text_to_agree() -> None:
    item = gold(language="ko", question="GKE에서 닷넷 프레임워크 앱 돌릴 수 있나요?")
    assert score_item(item, result(language="ko")).language_ok is False  # English text
    korean = "**조건부 가능.** GKE Standard의 Windows node pool이 필요합니다 [1]."
    assert score_item(item, result(language="ko", text=korean)).language_ok is True


def test_decline_metrics_and_baseline_without_answers() -> None:
    oos = gold(
        id="o-1",
        category="out_of_scope",
        decline=True,
        verdict=None,
        required=[],
        forbidden=[],
        sources=[],
        facts=[],
        question="Weather tomorrow?",
    )
    inscope = gold()
    scores = [
        score_item(oos, ItemResult("o-1", declined=True, latency_ms=1.0)),
        score_item(oos, ItemResult("o-1", declined=False, latency_ms=2.0)),
        score_item(inscope, ItemResult("g-1", declined=True, latency_ms=3.0, retrieved=(GKE,))),
        score_item(inscope, ItemResult("g-1", declined=False, latency_ms=4.0, retrieved=(EKS,))),
    ]
    m = aggregate(scores)
    assert m.decline_precision == 0.5
    assert m.decline_recall == 0.5
    assert m.decline_accuracy == 0.5
    assert m.verdict_accuracy is None  # a retrieval-only system has no verdicts to judge
    assert m.recall_at_5 == 0.5
    assert m.counts["retrieval"] == 2
    assert m.latency_p50_ms == 2.0
    assert m.latency_p95_ms == 4.0


def test_nothing_declined_gives_undefined_precision() -> None:
    m = aggregate([score_item(gold(), result())])
    assert m.decline_precision is None
    assert m.decline_recall is None


def test_errors_fail_the_item_and_are_counted() -> None:
    s = score_item(gold(), ItemResult("g-1", declined=False, latency_ms=0.0, error="boom"))
    assert not s.passed
    assert aggregate([s]).errors == 1


def test_by_category_has_overall() -> None:
    by = aggregate_by_category([score_item(gold(), result())])
    assert set(by) == {"verdict", "overall"}
    assert by["overall"].verdict_accuracy == 1.0


def test_percentile_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0


def test_citing_the_table_row_is_on_target_when_it_backs_the_right_verdict() -> None:
    row = CitedPassage(1, "corpus/compat/platforms.yaml", "GKE Standard runs Windows node pools.")
    right = score_item(gold(), result(citations=(row,), text="**Yes, with conditions.** [1]"))
    assert right.citation_precision == 1.0
    other = CitedPassage(1, "corpus/compat/platforms.yaml", "Autopilot has no Windows nodes.")
    wrong = score_item(
        gold(), result(citations=(other,), verdict="no", text="**No.** Windows is out [1].")
    )
    assert wrong.citation_precision == 0.0
    factual = gold(verdict=None, required=[["20348"]])
    build = CitedPassage(1, "corpus/compat/hosts.yaml", "Windows Server 2022 is build 20348.")
    hit = score_item(factual, result(verdict=None, citations=(build,), text="It is 20348 [1]."))
    assert hit.citation_precision == 1.0
