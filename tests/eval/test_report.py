"""Runner, gate and reports on hand-made systems: what a reader of `berth eval` sees."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eval.gate import Thresholds, load_thresholds
from eval.gold import GoldItem
from eval.metrics import AnswerView, ItemResult, Metrics
from eval.report import (
    BASELINE,
    BERTH,
    EvalReport,
    render_failures,
    render_table,
    to_json,
    write_reports,
)
from eval.runner import run_system

GKE = "corpus/notes/gke.md"


def _items() -> list[GoldItem]:
    return [
        GoldItem.model_validate(
            {
                "id": "v-1",
                "category": "verdict",
                "language": "en",
                "question": "Can GKE Autopilot run Windows containers?",
                "verdict": "no",
                "required": [["Standard"]],
                "forbidden": ["re:^\\W*yes\\b"],
                "sources": [[GKE]],
                "facts": ["E13"],
            }
        ),
        GoldItem.model_validate(
            {
                "id": "o-1",
                "category": "out_of_scope",
                "language": "ko",
                "question": "내일 서울 날씨 어때?",
                "verdict": None,
                "decline": True,
            }
        ),
    ]


class Canned:
    def __init__(self, name: str, results: dict[str, ItemResult]) -> None:
        self.name = name
        self._results = results

    def run(self, item: GoldItem) -> ItemResult:
        return self._results[item.id]


def _berth(wrong: bool) -> Canned:
    text = "**Yes.** It works." if wrong else "**No.** Use GKE Standard instead [1]."
    return Canned(
        BERTH,
        {
            "v-1": ItemResult(
                "v-1",
                declined=False,
                latency_ms=12.0,
                answer=AnswerView(text, "en", "yes" if wrong else "no"),
                retrieved=(GKE,),
            ),
            "o-1": ItemResult(
                "o-1",
                declined=True,
                latency_ms=3.0,
                answer=AnswerView("**범위 밖의 질문입니다.**", "ko", None),
            ),
        },
    )


def _baseline() -> Canned:
    return Canned(
        BASELINE,
        {
            "v-1": ItemResult("v-1", declined=False, latency_ms=1.0, retrieved=("x", "y")),
            "o-1": ItemResult("o-1", declined=False, latency_ms=1.0, retrieved=("x",)),
        },
    )


def _report(wrong: bool) -> EvalReport:
    runs = {
        BERTH: run_system(_berth(wrong), _items()),
        BASELINE: run_system(_baseline(), _items()),
    }
    return EvalReport(
        subset="ci",
        generated_at=datetime(2026, 11, 28, tzinfo=UTC),
        runs=runs,
        gate_missed=load_thresholds().check(runs[BERTH].overall),
        seconds=1.0,
        corpus_version="abc",
    )


def test_a_right_run_passes_the_gate_and_shows_both_systems() -> None:
    report = _report(wrong=False)
    assert report.passed, report.gate_missed
    table = render_table(report)
    assert "overall" in table and "verdict" in table and "out_of_scope" in table
    assert "1.00/0.00" in table  # recall@5: Berth found gke.md, the baseline did not
    assert "0 of 2 berth items failed" in render_failures(report.runs[BERTH])


def test_a_wrong_verdict_is_printed_with_question_expected_and_got() -> None:
    report = _report(wrong=True)
    assert "verdict_accuracy = 0.000, needs >= 0.95" in report.gate_missed
    text = render_failures(report.runs[BERTH])
    assert "✗ v-1 [verdict/en]" in text
    assert "Q: Can GKE Autopilot run Windows containers?" in text
    assert "expected: verdict no; terms [Standard]" in text
    assert "got: verdict yes; missing [Standard]; forbidden re:^\\W*yes\\b" in text


def test_reports_are_written(tmp_path: Path) -> None:
    paths = write_reports(_report(wrong=True), tmp_path)
    assert [p.name for p in paths] == ["latest.json", "latest.md", "latest.png"]
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    assert data["gate"]["passed"] is False
    assert data["systems"]["baseline"]["by_category"]["overall"]["decline_recall"] == 0.0
    assert [f["id"] for f in data["failures"]] == ["v-1"]
    assert "`v-1`" in paths[1].read_text(encoding="utf-8")
    assert paths[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert to_json(_report(wrong=False))["failures"] == []


def test_thresholds_file_names_known_metrics_and_undefined_counts_as_missed() -> None:
    thresholds = load_thresholds()
    assert thresholds.gate["verdict_accuracy"] == 0.95
    assert thresholds.gate["language_match"] == 1.0
    missed = thresholds.check(Metrics(n=0))
    assert len(missed) == len(thresholds.gate)
    assert all("undefined" in line for line in missed)
    with pytest.raises(ValueError, match="unknown metric"):
        Thresholds(gate={"vibes": 1.0}, full_run_budget_seconds=1).check(Metrics())
