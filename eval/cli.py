"""`berth eval`: Berth and the naive RAG baseline on the gold set, side by side, in one run."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import Settings
from eval.gate import load_thresholds
from eval.gold import GoldItem, load_gold
from eval.mining import coverage, render_coverage
from eval.report import BASELINE, BERTH, EvalReport, render_failures, render_table, write_reports
from eval.runner import SystemRun, run_system

EXIT_OK = 0
EXIT_GATE_MISSED = 1
CONSOLE_FAILURES = 40


def select_items(settings: Settings, full: bool) -> list[GoldItem]:
    """The hand-written gold items (all, or the CI subset) plus the table-driven ones."""
    from eval.tables import table_items

    gold = load_gold()
    items = list(gold.items) if full else gold.ci_subset()
    return items + table_items(full, settings.compat_dir, settings.corpus_dir / "notes")


def run_eval_command(
    settings: Settings,
    full: bool,
    report_dir: Path,
    heldout: bool = False,
    enforce_suites: bool = False,
) -> int:
    """Run the evaluation, print the summary and failures, write the reports; 1 if gated out.

    The issue-9 suites run on the same Assistant after the gold set; the held-out set only with
    `heldout`. A suite's gate fails the run only where thresholds.yaml enforces it (or with
    `enforce_suites`)."""
    from assistant.ingest.embeddings import enforce_offline, load_embeddings
    from eval.baseline import NaiveRag
    from eval.safety import reading_audit
    from eval.suite_report import render_console
    from eval.suites import score_suite, select_suites
    from eval.systems import BerthSystem

    enforce_offline()
    started = time.perf_counter()
    thresholds = load_thresholds()
    items = select_items(settings, full)
    subset = "full" if full else "ci"
    suites = select_suites(settings.compat_dir, settings.corpus_dir / "notes", full, heldout)
    print(
        f"berth eval: {len(items)} items ({subset} set); suites "
        + ", ".join(f"{s.name} {len(s.items)}" for s in suites),
        file=sys.stderr,
    )

    embeddings = load_embeddings(settings.embedding_model, settings.embedding_batch_size)
    with tempfile.TemporaryDirectory(prefix="berth-eval-") as tmp:
        # Conversations of the eval go to a scratch database, never the team's history.
        eval_settings = settings.model_copy(update={"state_db": Path(tmp) / "eval.sqlite3"})
        berth = BerthSystem.build(eval_settings, embeddings)
        try:
            corpus_version = str(berth.assistant.status().get("corpus_version"))
            runs: dict[str, SystemRun] = {BERTH: run_system(berth, items, _progress)}
            suite_results = [
                score_suite(
                    suite,
                    run_system(berth, suite.items, _progress),
                    thresholds.suites.get(suite.name),
                    enforce_suites,
                )
                for suite in suites
            ]
        finally:
            berth.close()
    baseline = NaiveRag.build(settings, embeddings, baseline_dir(settings))
    runs[BASELINE] = run_system(baseline, items, _progress)

    elapsed = time.perf_counter() - started
    missed = thresholds.check(runs[BERTH].overall)
    missed += [
        f"{r.suite.name}: {line}" for r in suite_results if r.failed_gate for line in r.missed
    ]
    if full and elapsed > thresholds.full_run_budget_seconds:
        missed.append(
            f"full run took {elapsed:.0f} s, budget {thresholds.full_run_budget_seconds:.0f} s"
        )
    report = EvalReport(
        subset=subset,
        generated_at=datetime.now(UTC),
        runs=runs,
        gate_missed=missed,
        seconds=elapsed,
        corpus_version=corpus_version,
        suites=suite_results,
        notes=[
            "Baseline: langchain_chroma.Chroma over the same chunks and embedding model, "
            "dense only, k=4 (so its recall@5 rests on 4 passages), no conversation memory; "
            f"it declines when the best cosine similarity is below {settings.decline_threshold}.",
            "Berth's retrieval metrics read its hybrid ranking for the resolved last turn.",
            "Citation support is close to 1 by construction while the composer is extractive "
            "(each cited sentence is quoted from its passage); it tests an LLM composer.",
            "Citation precision counts a cited note as on target only if the gold lists it, so "
            "passages padded in from neighbouring notes lower it.",
        ],
    )
    print(render_table(report))
    print()
    print(render_failures(runs[BERTH], limit=CONSOLE_FAILURES))
    print()
    print(render_console(suite_results, reading_audit(runs[BERTH].scores)))
    print(render_coverage(coverage(settings.corpus_dir)))
    paths = write_reports(report, report_dir)
    print()
    print("wrote " + ", ".join(str(p) for p in paths))
    if missed:
        print("gate missed: " + "; ".join(missed))
        return EXIT_GATE_MISSED
    print(f"gate passed ({elapsed:.0f} s)")
    return EXIT_OK


def baseline_dir(settings: Settings) -> Path:
    """The baseline's own Chroma collection, next to (never inside) Berth's index."""
    return settings.index_dir.parent / "eval-baseline"


def _progress(name: str, done: int, total: int) -> None:
    if done % 50 == 0 or done == total:
        print(f"  {name}: {done}/{total}", file=sys.stderr)
