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
    assert wrong == []
