"""Issue 14: previews, conflicts, lifecycles, bases and ages are data, and verdicts follow them.

Each test asks the engine (or loads a copy of the tables with one row changed), so a failure
names the rule; dates are pinned, never read from the clock.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.compat import CompatEngine, Decision
from assistant.compat.tables import load_tables
from assistant.errors import CorpusInvalid

AUDIT_DAY = date(2026, 12, 2)
MS_VC = "https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility"
MS_FAQ = "https://learn.microsoft.com/en-us/virtualization/windowscontainers/about/faq"
AKS_BP = "https://learn.microsoft.com/en-us/azure/aks/windows-best-practices"


def _decide(engine: CompatEngine, question: str, language: str = "en") -> Decision:
    decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
    assert decision is not None
    return decision


@pytest.fixture(scope="module")
def audited(repo_compat: Path) -> CompatEngine:
    return CompatEngine.load(repo_compat, today=AUDIT_DAY)


def _copy(repo_compat: Path, tmp_path: Path) -> Path:
    target = tmp_path / "compat"
    shutil.copytree(repo_compat, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- previews ---------------------------------------------------------------------------------


def test_a_preview_cell_reads_as_conditional_with_the_preview_as_condition(
    audited: CompatEngine,
) -> None:
    cell = audited.tables.matrix[("win11", "ws2022")].process
    assert cell.preview and cell.status == "conditional"
    verdict = _decide(
        audited, "Can Windows 11 run process-isolated Windows Server 2022 containers?"
    ).verdict
    assert verdict.status == "conditional"
    assert any("preview" in c for c in verdict.conditions)


def test_a_preview_without_its_own_condition_gets_the_preview_message(
    repo_compat: Path, tmp_path: Path
) -> None:
    folder = _copy(repo_compat, tmp_path)
    _edit(
        folder,
        "matrix.yaml",
        "  - host: ws2025\n    image: ws2025\n    process: yes\n",
        "  - host: ws2025\n    image: ws2025\n    process: {status: yes, preview: true}\n",
    )
    cell = load_tables(folder).matrix[("ws2025", "ws2025")].process
    assert cell.status == "conditional"
    assert cell.condition is not None and "preview" in cell.condition.en


# --- conflicts --------------------------------------------------------------------------------


def test_windows_home_linux_conflict_is_unknown_and_cites_both_sides(
    audited: CompatEngine,
) -> None:
    decision = _decide(
        audited, "I only have Windows 10 Home. Can Docker Desktop still run Linux containers on it?"
    )
    assert decision.verdict.status == "unknown"
    assert any(m.startswith("Sources disagree:") for m in decision.verdict.missing)
    # Each claim is cited on its own (both come from Docker's install page).
    claims = [e.text for e in decision.evidence if e.fact == "edition.windows-home"]
    assert any(t.startswith("Docker's Windows install page notes that Home") for t in claims)
    assert any(t.startswith("The same page's system requirements list only") for t in claims)
    korean = _decide(
        audited, "Windows 11 Home에서도 Docker Desktop으로 리눅스 컨테이너는 돌릴 수 있죠?", "ko"
    )
    assert korean.verdict.status == "unknown"
    assert any(m.startswith("출처가 엇갈립니다") for m in korean.verdict.missing)


def test_win10_process_isolation_conflict_is_recorded_not_chosen(audited: CompatEngine) -> None:
    decision = _decide(
        audited, "Can a Windows 10 host run an ltsc2019 image with process isolation?"
    )
    assert decision.verdict.status == "unknown"
    urls = {e.url for e in decision.evidence if e.fact == "matrix.win10-ws2019"}
    assert {MS_VC, MS_FAQ} <= urls
    win10 = audited.tables.hosts["win10"].os["windows"]
    assert "process" in (win10.isolation or [])
    assert any("Sources disagree" in c.en for c in win10.mode_conditions["process"])


def test_aks_strict_match_conflict_makes_cross_version_answers_conditional(
    audited: CompatEngine,
) -> None:
    cross = _decide(audited, "Can I run an ltsc2022 image on AKS Windows Server 2025 nodes?")
    assert cross.verdict.status == "conditional"
    assert any(c.startswith("Sources disagree:") for c in cross.verdict.conditions)
    assert {AKS_BP, MS_VC} <= {e.url for e in cross.evidence}
    same = _decide(audited, "Can I run an ltsc2025 image on AKS Windows Server 2025 nodes?")
    assert not any("Sources disagree" in c for c in same.verdict.conditions + same.verdict.reasons)


def test_a_conflict_on_a_field_the_row_lacks_fails_at_load(
    repo_compat: Path, tmp_path: Path
) -> None:
    folder = _copy(repo_compat, tmp_path)
    _edit(
        folder, "editions.yaml", "      - field: os.linux.status", "      - field: os.lnux.status"
    )
    with pytest.raises(CorpusInvalid, match=r"editions.yaml: row 'windows-home': .*lnux"):
        load_tables(folder)


def test_a_preferred_claim_must_be_the_rows_value(repo_compat: Path, tmp_path: Path) -> None:
    folder = _copy(repo_compat, tmp_path)
    _edit(
        folder,
        "editions.yaml",
        "        resolution: unknown\n",
        "        resolution: prefer\n        prefer: 1\n",
    )
    with pytest.raises(CorpusInvalid, match="prefers 'no' but the row says 'yes'"):
        load_tables(folder)


def test_a_claim_must_cite_a_source_of_its_row(repo_compat: Path, tmp_path: Path) -> None:
    folder = _copy(repo_compat, tmp_path)
    _edit(
        folder,
        "editions.yaml",
        "\n    sources: [*DD_WIN, *DD_HOME_PR]\n    checked",
        "\n    sources: [*DD_WIN]\n    checked",
    )
    with pytest.raises(CorpusInvalid, match="claim source .*21855.* not in the row's sources"):
        load_tables(folder)


def test_a_non_exclusive_host_list_makes_absent_versions_unknown(
    repo_compat: Path, tmp_path: Path
) -> None:
    question = "Can RKE2 run Windows containers on Windows Server 2016 nodes?"
    before = CompatEngine.load(repo_compat, today=AUDIT_DAY)
    assert _decide(before, question).verdict.status == "no"
    folder = _copy(repo_compat, tmp_path)
    text = (folder / "platforms.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: rke2\n")
    hosts = text.index("        hosts:\n", start)
    patched = text[:hosts] + "        hosts_exclusive: false\n" + text[hosts:]
    (folder / "platforms.yaml").write_text(patched, encoding="utf-8")
    after = CompatEngine.load(folder, today=AUDIT_DAY)
    offers = {o.version: o.status for o in after.tables.platforms["rke2"].os["windows"].hosts or []}
    assert offers["ws2016"] == "unconfirmed"
    assert _decide(after, question).verdict.status == "unknown"


# --- lifecycles -------------------------------------------------------------------------------


def test_current_lts_comes_from_the_runtime_rows(repo_compat: Path) -> None:
    question = "Can I run my .NET Framework app on Cloud Run?"
    now = _decide(CompatEngine.load(repo_compat, today=AUDIT_DAY), question).verdict
    earlier = _decide(CompatEngine.load(repo_compat, today=date(2025, 6, 1)), question).verdict
    assert any(
        ".NET 10 is the current LTS, supported until 2028-11-14" in a for a in now.alternatives
    )
    assert any(
        ".NET 8 is the current LTS, supported until 2026-11-10" in a for a in earlier.alternatives
    )
    assert not any("{" in a for a in now.alternatives + earlier.alternatives)


def test_lifecycle_dates_are_worded_from_today(repo_compat: Path) -> None:
    question = "Can a Windows Server 2022 host run an ltsc2022 image?"

    def host_text(day: date, language: str = "en") -> str:
        decision = _decide(CompatEngine.load(repo_compat, today=day), question, language)
        return next(e.text for e in decision.evidence if e.fact == "host.ws2022")

    assert "mainstream support ended 2026-10-13; extended support ends 2031-10-14" in host_text(
        AUDIT_DAY
    )
    assert "mainstream support ends 2026-10-13" in host_text(date(2026, 1, 1))
    assert "일반 지원은 2026-10-13에 끝났습니다" in host_text(AUDIT_DAY, "ko")


def test_indexed_row_text_does_not_depend_on_the_day(repo_compat: Path) -> None:
    from assistant.ingest.table_rows import table_row_chunks

    texts = {c.section: c.text for c in table_row_chunks(repo_compat) if c.language == "en"}
    assert "mainstream support until 2026-10-13" in texts["ws2022"]
    assert not any(re.search(r"\{[a-z_]+:", t) for t in texts.values())


def test_an_offer_past_its_until_date_is_retired(repo_compat: Path) -> None:
    question = "Can I run an ltsc2022 image on AKS Windows Server 2022 nodes?"
    before = CompatEngine.load(repo_compat, today=date(2028, 6, 29))
    after = CompatEngine.load(repo_compat, today=date(2028, 6, 30))
    assert _decide(before, question).verdict.status == "conditional"
    assert _decide(after, question).verdict.status == "no"


def test_a_placeholder_naming_no_row_fails_at_load(repo_compat: Path, tmp_path: Path) -> None:
    folder = _copy(repo_compat, tmp_path)
    _edit(folder, "hosts.yaml", "{lifecycle:ws2022}", "{lifecycle:ws2099}")
    with pytest.raises(CorpusInvalid, match=r"hosts.yaml: row 'ws2022': placeholder"):
        load_tables(folder)


# --- basis and freshness ----------------------------------------------------------------------


def test_rows_that_do_not_rest_on_official_pages_say_so(audited: CompatEngine) -> None:
    seed = _decide(audited, "Can I run nginx in a Linux container?").verdict
    assert any("seed document only" in r for r in seed.reasons)
    maintainer = _decide(audited, "Can SQL Server run in a Linux container?").verdict
    assert maintainer.status == "yes"
    assert any("maintainer's statement" in r for r in maintainer.reasons)


def test_evidence_carries_the_rows_checked_date(audited: CompatEngine) -> None:
    decision = _decide(audited, "Can a Windows Server 2022 host run an ltsc2022 image?")
    checked = {e.fact: e.checked for e in decision.evidence}
    assert checked["host.ws2022"] == date(2026, 12, 2)
    assert checked["matrix.ws2022-ws2022"] == date(2026, 11, 28)


def test_an_answer_on_a_stale_row_says_when_it_was_last_checked(repo_compat: Path) -> None:
    question = "Can I deploy a Windows container to Cloud Run?"
    fresh = _decide(CompatEngine.load(repo_compat, today=AUDIT_DAY), question).verdict
    assert not any("last checked" in r for r in fresh.reasons)
    late = CompatEngine.load(repo_compat, today=date(2027, 6, 1), review_days=180)
    stale = _decide(late, question).verdict
    assert any("was last checked on 2026-11-28, more than 180 days ago" in r for r in stale.reasons)
    korean = _decide(late, "Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?", "ko").verdict
    assert any("2026-11-28에 마지막으로 확인" in r for r in korean.reasons)
