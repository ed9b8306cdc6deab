"""Wording metrics on hand-made answers, with the numbers worked out by hand."""

from __future__ import annotations

from eval.gold import GoldItem, load_gold
from eval.metrics import AnswerView, CitedPassage, ItemResult, aggregate, score_item
from eval.wording import judge

NOTES = "corpus/notes/windows-base-images.md"
LAMBDA = "corpus/notes/lambda.md"


def item(**over: object) -> GoldItem:
    base: dict[str, object] = {
        "id": "f-1",
        "category": "factual",
        "language": "en",
        "question": "Why is my Windows container image so big?",
        "verdict": None,
        "required": [["300 MB", "10 GB"]],
        "gold_fact": ["300 MB"],
        "sources": [[NOTES]],
    }
    base.update(over)
    return GoldItem.model_validate(base)


CITES = (CitedPassage(1, NOTES, "…"), CitedPassage(2, LAMBDA, "…"), CitedPassage(3, NOTES, "…"))


def test_an_answer_that_leads_with_the_fact_and_stays_on_subject() -> None:
    text = (
        "Windows images run from 300 MB to over 10 GB. [1]\n\n"
        "- Nano Server is about 175 MB compressed. [3]"
    )
    w = judge(item(), text, CITES)
    assert (w.precision, w.first_line_hit, w.duplicates) == (1.0, True, 0)


def test_an_off_subject_bullet_and_a_repeat_are_counted() -> None:
    text = (
        "- Lambda accepts only Linux container images. [2]\n"
        "- Windows images run from 300 MB to over 10 GB. [1]\n"
        "- Windows images run from 300 MB to over 10 GB in size. [3]"
    )
    w = judge(item(), text, CITES)
    # 2 of 3 cited lines on subject (the Lambda one cites neither an expected source nor a term),
    # the fact is not in the first line, the third line repeats the second.
    assert w.precision == 2 / 3
    assert w.first_line_hit is False
    assert w.duplicates == 1


def test_a_verdict_headline_is_left_to_the_verdict_metrics() -> None:
    text = "**No.** Lambda runs Linux images only. [2]\n\nFrom the notes:\n- 300 MB to 10 GB. [1]"
    w = judge(item(gold_fact=[]), text, CITES)
    assert w.precision == 1.0 and w.first_line_hit is None


def test_the_baseline_is_judged_on_its_quoted_passages() -> None:
    quoted = AnswerView(
        text="- Lambda accepts only Linux container images. [1]",
        language="en",
        verdict=None,
        citations=(CitedPassage(1, LAMBDA, "…"),),
    )
    score = score_item(item(), ItemResult("f-1", declined=False, latency_ms=1.0, quoted=quoted))
    assert score.verdict_ok is None, "no verdict metrics for a system without verdicts"
    metrics = aggregate([score])
    assert (metrics.answer_precision, metrics.first_line_hit, metrics.duplicates) == (
        0.0,
        0.0,
        0.0,
    )


def test_every_gold_fact_is_quoted_from_its_sources() -> None:
    from pathlib import Path

    from eval.matching import contains_term

    root = Path(__file__).resolve().parents[2]
    facts = [it for it in load_gold().items if it.gold_fact]
    assert len(facts) >= 40
    for it in facts:
        texts = [(root / s).read_text(encoding="utf-8") for s in it.expected_sources]
        assert any(contains_term(t, term) for t in texts for term in it.gold_fact), it.id
