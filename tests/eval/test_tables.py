"""Table-driven questions: every row fact of the real tables yields English and Korean items."""

from __future__ import annotations

from collections import Counter

from berth_testing import REPO_CORPUS

from assistant.compat.tables import load_tables
from eval.gold import GoldItem
from eval.tables import PHRASINGS_PER_LANGUAGE, generate, row_checks, table_items


def test_every_row_fact_becomes_questions_in_both_languages() -> None:
    tables = load_tables(REPO_CORPUS / "compat")
    checks = row_checks(tables, REPO_CORPUS / "notes")
    expected_facts = (
        sum(len(p.os) for p in tables.platforms.values())
        + 2 * len(tables.matrix)
        + sum(len(w.os) for w in tables.workloads.values())
    )
    assert len(checks) == expected_facts

    items = generate(checks, full=True)
    assert len({it.id for it in items}) == len(items)
    per_fact = Counter(it.id[:-1] for it in items)  # "...-en0" -> "...-en"
    assert set(per_fact.values()) == {PHRASINGS_PER_LANGUAGE}  # per fact and language
    assert {it.language for it in items} == {"en", "ko"}
    # Phrasings differ: the names rotate through the lexicon's aliases.
    gke = [it.question for it in items if it.id.startswith("t-platforms-gke-autopilot-windows-en")]
    assert len(set(gke)) == PHRASINGS_PER_LANGUAGE


def _items(full: bool) -> dict[str, GoldItem]:
    found = table_items(full, compat_dir=REPO_CORPUS / "compat", notes_dir=REPO_CORPUS / "notes")
    return {it.id: it for it in found}


def test_expectations_come_from_the_row() -> None:
    full = _items(full=True)
    autopilot = full["t-platforms-gke-autopilot-windows-en0"]
    assert autopilot.verdict == ["no"]
    assert autopilot.sources == [["corpus/notes/gke.md"]]
    standard = full["t-platforms-gke-standard-windows-ko0"]
    assert standard.verdict == ["conditional"]
    assert any("windows_ltsc_containerd" in group[0] for group in standard.required)

    cell = full["t-matrix-ws2022-ws2019-process-ko0"]
    assert cell.verdict == ["no"]
    assert "ltsc2019" in cell.last_turn and "프로세스 격리" in cell.last_turn
    # The cell says yes; the host row adds that Hyper-V isolation needs the Hyper-V role.
    hyperv = full["t-matrix-ws2022-ws2019-hyperv-en0"]
    assert hyperv.verdict == ["conditional"]
    assert any("Hyper-V role" in group[0] for group in hyperv.required)


def test_ci_asks_each_row_fact_once_alternating_languages() -> None:
    full, ci = _items(full=True), _items(full=False)
    assert all(it.ci and it.id.endswith("0") for it in ci.values())
    assert len(ci) == len(full) // (2 * PHRASINGS_PER_LANGUAGE)
    assert {it.language for it in ci.values()} == {"en", "ko"}
    assert set(ci) <= set(full)
