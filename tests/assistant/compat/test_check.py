"""`berth corpus check` on the committed corpus (the CI check) and on corpora that must fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from assistant.compat.check import check_corpus

REPO_CORPUS = Path(__file__).resolve().parents[3] / "corpus"
AUDIT_DAY = date(2026, 12, 2)
"""The day the tables were last audited: the committed corpus must pass as of then."""


def test_the_committed_corpus_passes_and_reports_what_to_know() -> None:
    report = check_corpus(REPO_CORPUS, AUDIT_DAY, 180)
    assert report.exit_code() == 0, report.text()
    kinds = {item.kind for item in report.items}
    assert {"conflict", "preview", "seed-only", "basis", "lifecycle"} <= kinds
    wheres = {item.where for item in report.items if item.kind == "conflict"}
    assert "corpus/compat/platforms.yaml § aks-standard" in wheres
    assert "corpus/compat/matrix.yaml § win11-ws2022" in {
        i.where for i in report.items if i.kind == "preview"
    }


def test_rows_past_their_review_window_must_be_fixed() -> None:
    report = check_corpus(REPO_CORPUS, date(2027, 4, 1), 180)
    assert report.exit_code() == 1
    stale = {item.where for item in report.errors if item.kind == "stale"}
    # review_days: 90 on fast-moving platforms; the default 180 elsewhere is not yet passed.
    assert "corpus/compat/platforms.yaml § docker-desktop-windows" in stale
    assert "corpus/compat/platforms.yaml § cloud-run" not in stale


def test_a_seed_only_row_that_does_not_say_so_must_be_fixed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS, corpus)
    workloads = corpus / "compat" / "workloads.yaml"
    text = workloads.read_text(encoding="utf-8")
    start = text.index("  - id: nginx\n")
    basis = text.index("    basis: seed", start)
    end = text.index("\n", basis) + 1
    workloads.write_text(text[:basis] + text[end:], encoding="utf-8")
    report = check_corpus(corpus, AUDIT_DAY, 180)
    assert [(i.kind, i.where) for i in report.errors] == [
        ("unsourced", "corpus/compat/workloads.yaml § nginx")
    ]


def test_the_cli_exits_by_the_report_and_refuses_a_bad_date() -> None:
    env = {**os.environ, "BERTH_CORPUS_DIR": str(REPO_CORPUS)}
    command = [sys.executable, "-m", "assistant.cli", "corpus", "check"]
    ok = subprocess.run(
        [*command, "--today", "2026-12-02"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert "0 to fix" in ok.stdout and "[conflict]" in ok.stdout
    late = subprocess.run(
        [*command, "--today", "2027-12-01"], env=env, capture_output=True, text=True
    )
    assert late.returncode == 1 and "[stale]" in late.stdout
    bad = subprocess.run([*command, "--today", "tomorrow"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "not a date" in bad.stderr
