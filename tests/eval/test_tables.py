"""Table-driven questions: every row fact of the real tables yields English and Korean items."""

from __future__ import annotations

from collections import Counter

from berth_testing import REPO_CORPUS

from assistant.compat.tables import load_tables
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


def test_expectations_come_from_the_row() -> None:
    items = {
        it.id: it
        for it in table_items(
            full=False, compat_dir=REPO_CORPUS / "compat", notes_dir=REPO_CORPUS / "notes"
        )
    }
    autopilot = items["t-platforms-gke-autopilot-windows-en0"]
    assert autopilot.verdict == ["no"]
    assert autopilot.sources == [["corpus/notes/gke.md"]]
    standard = items["t-platforms-gke-standard-windows-ko0"]
    assert standard.verdict == ["conditional"]
    assert any("windows_ltsc_containerd" in group[0] for group in standard.required)

    cell = items["t-matrix-ws2022-ws2019-process-ko0"]
    assert cell.verdict == ["no"]
    assert "ltsc2019" in cell.last_turn and "프로세스 격리" in cell.last_turn
    # The cell says yes; the host row adds that Hyper-V isolation needs the Hyper-V role.
    hyperv = items["t-matrix-ws2022-ws2019-hyperv-en0"]
    assert hyperv.verdict == ["conditional"]
    assert any("Hyper-V role" in group[0] for group in hyperv.required)
    assert all(it.ci and it.id.endswith("0") for it in items.values())
