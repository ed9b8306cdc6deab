"""Perturbation suite: every matrix cell and platform row of the real tables in at least eight
surface forms, expected verdicts from the rows, and feature rows picked up when the file exists."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS

from assistant.compat.tables import load_tables
from eval.perturb import FEATURES_FILE, facts, form_of, generate, perturb_items
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


@pytest.mark.skip(
    reason="written against a draft features.yaml shape (rows:); the committed FeatureTable "
    "(features:/facts:) needs eval/perturb.py adapted first - open work of issue 9"
)
def test_feature_rows_are_picked_up_when_the_file_exists(tmp_path: Path) -> None:
    compat = tmp_path / "compat"
    shutil.copytree(REPO_CORPUS / "compat", compat)
    tables = load_tables(compat)
    assert not (compat / FEATURES_FILE).exists()
    without = facts(tables, compat, NOTES)
    (compat / FEATURES_FILE).write_text(
        "rows:\n"
        "  - id: aks-privileged\n"
        "    place: aks-standard\n"
        "    feature: {en: privileged containers, ko: 특권 컨테이너}\n"
        "    aliases: {en: ['privileged: true'], ko: []}\n"
        "    status: no\n"
        "  - id: eks-gmsa\n"
        "    platform: eks-ec2\n"
        "    name: {en: gMSA, ko: gMSA}\n"
        "    status: {status: yes}\n"
        "  - {id: broken, status: no}\n",
        encoding="utf-8",
    )
    with_features = facts(tables, compat, NOTES)
    assert len(with_features) == len(without) + 2  # the row without place/feature is skipped
    items = generate(with_features, full=True)
    priv = [it for it in items if it.row == "features.aks-privileged"]
    assert len(priv) >= 8 and {it.language for it in priv} == {"en", "ko"}
    assert all(it.verdict == ["no"] for it in priv)
    assert any("AKS" in it.last_turn and "privileged" in it.last_turn for it in priv)
    gmsa = [it for it in items if it.row == "features.eks-gmsa"]
    assert gmsa and all(it.verdict == ["yes", "conditional"] for it in gmsa)
