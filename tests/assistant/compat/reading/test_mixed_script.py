"""Korean questions write names half in Latin ("윈도우 11 Home", "Windows 서버 2022"): each
Korean alias of the tables is read the same with its transliterated words written in Latin.
Generated from the lexicon, not one phrasing per fact."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.lexicon import Ref, mixed_script_forms, normalize


def _mixed_aliases(engine: CompatEngine) -> list[tuple[str, Ref]]:
    table = engine.tables.lexicon.transliterations
    cases: list[tuple[str, Ref]] = []
    for entry in engine.tables.lexicon.entities:
        for alias in entry.ko:
            for form in mixed_script_forms(normalize(alias), table):
                cases.append((form, Ref(entry.type, entry.id)))
    return cases


def test_every_mixed_spelling_of_a_korean_alias_names_its_entity(engine: CompatEngine) -> None:
    cases = _mixed_aliases(engine)
    assert len(cases) > 50
    owners: dict[str, set[Ref]] = {}
    for form, ref in cases:
        owners.setdefault(form, set()).add(ref)
    missed = [
        (form, ref)
        for form, ref in cases
        if len(owners[form]) == 1  # a spelling two entities share is ambiguous, not derived
        and ref not in {m.ref for m in engine.lexicon.find(form)}
        and not any(ref in m.also for m in engine.lexicon.find(form))
    ]
    assert missed == []


def test_mixed_forms_swap_each_transliterated_word_either_way() -> None:
    forms = mixed_script_forms("윈도우 11 홈", {"윈도우": "windows", "홈": "home"})
    assert forms == ["windows 11 홈", "윈도우 11 home", "windows 11 home"]


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("윈도우 11 Home에서 윈도우 컨테이너 돌릴 수 있어요?", "no"),
        ("집에 있는 윈도우 11 Home 노트북에서 윈도우 컨테이너 돌릴 수 있어요?", "no"),
        ("학교에서 받은 윈도우 Education 에디션인데 윈도우 컨테이너 돌아가요?", "no"),
        ("Windows 서버 2019 호스트에서 ltsc2022 이미지 띄울 수 있나요?", "no"),
    ],
)
def test_a_half_latin_korean_question_gets_the_tables_verdict(
    engine: CompatEngine, question: str, status: str
) -> None:
    decision = engine.decide(engine.understand(question), "ko")
    assert decision is not None
    assert decision.verdict.status == status
