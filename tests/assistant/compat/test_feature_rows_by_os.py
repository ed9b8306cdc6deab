"""A feature whose rows differ by container OS only (AppArmor: no for Windows, yes for Linux)
is answered for the OS asked about, not left unsettled because the rows disagree."""

from __future__ import annotations

from collections.abc import Callable

from assistant.compat import CompatEngine

VerdictOf = Callable[..., str | None]
_OS_WORDS = {"windows": ("Windows", "윈도우"), "linux": ("Linux", "리눅스")}
_ACCEPTED = {"yes": {"yes"}, "conditional": {"conditional", "yes"}, "no": {"no"}}


def test_rows_split_by_container_os_answer_each_os(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    names = {f.id: f.name for f in engine.tables.features.features}
    rows = [
        f
        for f in engine.tables.features.facts
        if f.applies_to.container_os
        and not (f.applies_to.platforms or f.applies_to.hosts or f.applies_to.base_images)
        and f.status in _ACCEPTED
    ]
    assert rows, "the tables hold OS-only feature rows (AppArmor, for one)"
    wrong = []
    asked = 0
    for row in rows:
        english, korean = _OS_WORDS[row.applies_to.container_os or ""]
        name = names[row.feature]
        for question, language in (
            (f"Can {english} containers use {name.en}?", "en"),
            (f"{korean} 컨테이너에서 {name.ko}를 쓸 수 있나요?", "ko"),
        ):
            query = engine.read(question).query
            got = verdict(query, language)
            if query.unplaced or row.feature not in query.features:
                continue  # a name that does not read back as itself is tested elsewhere
            asked += 1
            if got not in _ACCEPTED[row.status]:
                wrong.append((question, row.id, row.status, got))
    assert asked >= len(rows)  # most names read back; the check is never vacuous
    assert wrong == [], wrong


def test_a_windows_row_for_every_member_that_runs_windows_answers_for_the_family(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    # "runAsUser on GKE's Windows pods?": GKE Autopilot runs no Windows nodes at all, so the
    # "no" of GKE Standard's row is the family's answer, not "the tables do not say".
    names = {f.id: f.name for f in engine.tables.features.features}
    families = [f for f in engine.tables.lexicon.families if not f.shared]
    wrong, asked = [], 0
    for row in engine.tables.features.facts:
        if row.status != "no" or row.applies_to.container_os != "windows":
            continue
        for family in families:
            windows_members = [
                m
                for m in family_members(engine, family.id)
                if engine.tables.platforms[m].os.get("windows") is not None
                and engine.tables.platforms[m].os["windows"].status != "no"
            ]
            if not windows_members or not set(windows_members) <= set(row.applies_to.platforms):
                continue
            name = names[row.feature]
            for question, language in (
                (f"Can Windows pods on {family.name.en} use {name.en}?", "en"),
                (f"{family.name.ko}의 윈도우 파드에서 {name.ko}를 쓸 수 있나요?", "ko"),
            ):
                query = engine.read(question).query
                if query.unplaced or row.feature not in query.features:
                    continue
                asked += 1
                got = verdict(query, language)
                if got != "no":
                    wrong.append((question, row.id, got))
    assert asked >= 20, asked  # every Linux-only pod field, on GKE, EKS and AKS
    assert wrong == [], wrong


def family_members(engine: CompatEngine, family: str) -> list[str]:
    return [p.id for p in engine.tables.platforms.values() if family in p.families]
