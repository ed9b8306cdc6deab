"""Perturbation suite: every matrix cell, platform row and feature fact of the real tables in at
least eight surface forms, expected verdicts from the rows."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from berth_testing import REPO_CORPUS

from assistant.compat.tables import FEATURES_FILE, load_tables
from eval.perturb import facts, form_of, generate, perturb_items
from eval.tables import row_checks

NOTES = REPO_CORPUS / "notes"


def test_every_matrix_cell_and_platform_row_gets_eight_forms_or_more() -> None:
    compat = REPO_CORPUS / "compat"
    tables = load_tables(compat)
    items = perturb_items(True, compat, NOTES)
    per_fact = Counter(it.row for it in items)
    checks = [c for c in row_checks(tables, NOTES) if c.kind in ("platform", "matrix")]
    assert set(per_fact) >= {c.fact_id for c in checks}
    assert min(per_fact.values()) >= 8
    assert len({it.id for it in items}) == len(items)
    for fact_id in per_fact:
        langs = {it.language for it in items if it.row == fact_id}
        assert langs == {"en", "ko"}, fact_id


def test_expected_verdicts_come_from_the_rows() -> None:
    compat = REPO_CORPUS / "compat"
    items = {it.id: it for it in perturb_items(True, compat, NOTES)}
    assert items["p-platforms-gke-autopilot-windows-en-contrast"].verdict == ["no"]
    # The contrast names a platform with a different verdict, so it cannot pass by accident.
    assert "Unlike" in items["p-platforms-gke-autopilot-windows-en-contrast"].last_turn
    cell = items["p-matrix-ws2022-ws2019-process-ko-negation"]
    assert cell.verdict == ["no"] and "하이퍼V 안 쓰고" in cell.last_turn
    hyperv = items["p-matrix-ws2022-ws2019-hyperv-en-builds"]
    assert hyperv.verdict == ["conditional"]  # the cell says yes; Hyper-V needs the role
    assert "20348" in hyperv.last_turn and "17763" in hyperv.last_turn
    # Image named first, host second: the roles must not swap the verdict.
    first = items["p-matrix-ws2022-ws2025-process-en-from"]
    assert first.verdict == ["no"] and first.last_turn.index("ltsc2025") < first.last_turn.index(
        "Windows Server 2022"
    )


def test_ci_subset_asks_each_fact_once_and_meets_every_form() -> None:
    compat = REPO_CORPUS / "compat"
    full, ci = perturb_items(True, compat, NOTES), perturb_items(False, compat, NOTES)
    assert len(ci) == len({it.row for it in full})
    assert {it.id for it in ci} <= {it.id for it in full}
    assert {form_of(it) for it in ci} == {form_of(it) for it in full}
    assert all(it.ci for it in ci)


def test_every_feature_fact_gets_eight_forms_in_both_languages() -> None:
    compat = REPO_CORPUS / "compat"
    tables = load_tables(compat)
    items = [it for it in perturb_items(True, compat, NOTES) if it.row.startswith("features.")]
    per_fact = Counter(it.row for it in items)
    placed = [
        f
        for f in tables.features.facts
        if f.applies_to.platforms or f.applies_to.hosts or f.applies_to.base_images
    ]
    assert set(per_fact) == {f"features.{f.id}" for f in placed}
    assert min(per_fact.values()) >= 8
    for fact in placed:
        mine = [it for it in items if it.row == f"features.{fact.id}"]
        assert {it.language for it in mine} == {"en", "ko"}
        expected = ["yes", "conditional"] if fact.status == "yes" else [fact.status]
        assert all(it.verdict == expected for it in mine)


def test_a_feature_question_names_the_rows_os_and_rotates_names_and_places() -> None:
    compat = REPO_CORPUS / "compat"
    items = [
        it for it in perturb_items(True, compat, NOTES) if it.row == "features.gke-windows-ext4"
    ]
    assert all("Windows" in it.last_turn or "윈도우" in it.last_turn for it in items)
    hostprocess = [
        it
        for it in perturb_items(True, compat, NOTES)
        if it.row == "features.k8s-windows-hostprocess"
    ]
    # One row on every Kubernetes platform: its forms meet several of them and several aliases.
    assert len({it.last_turn.split(" on ")[-1] for it in hostprocess if it.language == "en"}) >= 2
    assert len({it.last_turn for it in hostprocess}) == len(hostprocess)


def test_a_new_feature_fact_is_picked_up_from_the_table(tmp_path: Path) -> None:
    compat = tmp_path / "compat"
    shutil.copytree(REPO_CORPUS / "compat", compat)
    before = facts(load_tables(compat), compat, NOTES)
    path = compat / FEATURES_FILE
    text = path.read_text(encoding="utf-8")
    row = """
  - id: test-aks-sctp
    feature: sctp
    applies_to: {platforms: [aks-standard], container_os: windows}
    status: no
    reason:
      en: Test row.
      ko: 테스트 행.
    summary:
      en: Test row.
      ko: 테스트 행.
    sources: [https://example.com/test]
    checked: 2026-12-02
"""
    path.write_text(text.rstrip("\n") + "\n" + row, encoding="utf-8")
    after = facts(load_tables(compat), compat, NOTES)
    assert len(after) == len(before) + 1
    items = [it for it in generate(after, full=True) if it.row == "features.test-aks-sctp"]
    assert len(items) >= 8 and all(it.verdict == ["no"] for it in items)
    assert any("AKS" in it.last_turn and "SCTP" in it.last_turn.upper() for it in items)
