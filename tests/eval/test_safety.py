"""Issue-9 metrics on small hand-made results: confident wrong vs honest unknown, consistency,
the reading audit. The numbers are worked out by hand."""

from __future__ import annotations

from eval.gold import GoldItem
from eval.metrics import AnswerView, ItemResult, score_item
from eval.safety import (
    is_confident_wrong,
    is_honest_unknown,
    is_overconfident,
    is_right,
    reading_audit,
    suite_metrics,
)


def _item(verdict: object, **over: object) -> GoldItem:
    base: dict[str, object] = {
        "id": "x",
        "category": "verdict",
        "language": "en",
        "question": "Can AKS Windows nodes run privileged containers?",
        "verdict": verdict,
        "sources": [["corpus/notes/aks.md"]],
    }
    base.update(over)
    return GoldItem.model_validate(base)


def _score(item: GoldItem, got: str | None, declined: bool = False, unplaced: object = None):  # type: ignore[no-untyped-def]
    view = AnswerView(
        "**Yes.**",
        "en",
        got,
        unplaced=tuple(unplaced) if unplaced is not None else None,  # type: ignore[arg-type]
    )
    return score_item(item, ItemResult(item.id, declined=declined, latency_ms=1.0, answer=view))


def test_confident_wrong_is_a_definite_verdict_of_the_opposite_polarity() -> None:
    assert is_confident_wrong(_score(_item("no"), "yes"))
    assert is_confident_wrong(_score(_item("no"), "conditional"))
    assert is_confident_wrong(_score(_item(["yes", "conditional"]), "no"))
    assert not is_confident_wrong(_score(_item("no"), "no"))
    assert not is_confident_wrong(_score(_item("no"), "unknown"))  # honest, not wrong
    assert not is_confident_wrong(_score(_item("unknown"), "yes"))  # a guess: overconfident
    assert not is_confident_wrong(_score(_item("yes"), "conditional"))  # same polarity
    assert not is_confident_wrong(_score(_item("no"), "yes", declined=True))


def test_honest_unknown_and_overconfident_are_counted_apart() -> None:
    assert is_honest_unknown(_score(_item("no"), "unknown"))
    assert not is_honest_unknown(_score(_item("unknown"), "unknown"))
    assert is_overconfident(_score(_item("unknown"), "no"))
    assert not is_overconfident(_score(_item(["unknown", "no"]), "no"))


def test_right_needs_the_required_terms_of_a_factual_item() -> None:
    factual = _item(None, category="factual", required=[["--enable-fips-image"]])
    assert not is_right(_score(factual, None))  # the answer text lacks the flag
    assert is_right(_score(_item("no"), "no"))


def test_suite_metrics_consistency_and_stable_facts() -> None:
    rows = [
        _item("no", id="p-a-1", row="matrix.a", category="table", sources=[]),
        _item("no", id="p-a-2", row="matrix.a", category="table", sources=[]),
        _item("yes", id="p-b-1", row="matrix.b", category="table", sources=[]),
    ]
    scores = [_score(rows[0], "no"), _score(rows[1], "yes"), _score(rows[2], "yes")]
    m = suite_metrics(scores)
    assert m.consistency == 2 / 3
    assert m.stable_facts == 1 / 2  # fact a broke in one of its forms
    assert m.confident_wrong == 1
    assert m.reading_audited == 0 and m.reading_unplaced_rate is None  # no reading yet: n/a


def test_reading_audit_reads_unplaced_words_when_answers_carry_a_reading() -> None:
    scores = [
        _score(_item("no", id="a"), "no", unplaced=["SCTP"]),
        _score(_item("no", id="b"), "no", unplaced=[]),
        _score(_item("no", id="c"), "no"),  # no reading: not audited
    ]
    audit = reading_audit(scores)
    assert (audit.audited, audit.with_unplaced, audit.rate) == (2, 1, 0.5)
    assert audit.per_item == {"a": ["SCTP"]} and audit.words["sctp"] == 1
