"""The CI gate: the fast gold subset through the real Assistant on a tmp index must meet
eval/thresholds.yaml (verdict accuracy, retrieval recall@5, decline precision/recall, language)."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from eval.cli import select_items
from eval.gate import load_thresholds
from eval.gold import CATEGORIES
from eval.report import render_failures
from eval.runner import run_system
from eval.systems import BerthSystem


def test_fast_subset_meets_the_thresholds(
    built_index_settings: Settings, embeddings: Embeddings
) -> None:
    items = select_items(built_index_settings, full=False)
    assert {it.category for it in items} >= set(CATEGORIES)

    berth = BerthSystem.build(built_index_settings, embeddings)
    try:
        run = run_system(berth, items)
    finally:
        berth.close()
    metrics = run.overall
    missed = load_thresholds().check(metrics)

    assert metrics.errors == 0, render_failures(run)
    assert not missed, "; ".join(missed) + "\n\n" + render_failures(run)
