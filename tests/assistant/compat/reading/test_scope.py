"""Scope: a question is about containers, or only names an OS, or leaves it open.

The cases are generated from the lexicon, so every name is tried: a shared name (an OS version,
an edition, a distribution) in an everyday question must read `elsewhere`, and the same name
next to a container word must read `containers`; a platform alone is always ours.
"""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.lexicon import normalize

EVERYDAY_EN = [
    "How do I reinstall {name} without losing my files?",
    "What's the keyboard shortcut for dark mode on {name}?",
]
EVERYDAY_KO = ["{name} 다크 모드 켜는 법 알려주세요", "{name} 재설치하는 방법"]
CONTAINER_EN = ["Can {name} run Windows containers?", "Does a Docker image built for {name} work?"]
CONTAINER_KO = ["{name}에서 도커 컨테이너 돌릴 수 있나요?"]


def _names(engine: CompatEngine, shared: bool, language: str) -> list[str]:
    tables = engine.tables.lexicon
    names: list[str] = []
    for entry in tables.entities:
        aliases = entry.ko if language == "ko" else entry.en
        for alias in aliases[:2]:
            found = engine.lexicon.find(normalize(alias))
            if len(found) == 1 and found[0].shared is shared and alias not in names:
                names.append(alias)
    return names


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_shared_name_in_an_everyday_question_is_elsewhere(
    engine: CompatEngine, language: str
) -> None:
    templates = EVERYDAY_KO if language == "ko" else EVERYDAY_EN
    names = _names(engine, shared=True, language=language)
    assert len(names) > (10 if language == "ko" else 30)
    wrong = [
        q
        for name in names
        for q in (t.format(name=name) for t in templates)
        if engine.scope(q).about != "elsewhere"
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_shared_name_next_to_a_container_word_is_about_containers(
    engine: CompatEngine, language: str
) -> None:
    templates = CONTAINER_KO if language == "ko" else CONTAINER_EN
    names = _names(engine, shared=True, language=language)
    wrong = [
        q
        for name in names
        for q in (t.format(name=name) for t in templates)
        if engine.scope(q).about != "containers"
    ]
    assert wrong == []


def test_a_container_only_name_alone_is_about_containers(engine: CompatEngine) -> None:
    names = _names(engine, shared=False, language="en")
    assert len(names) > 50
    wrong = [
        name for name in names if engine.scope(f"How do I reinstall {name}?").about != "containers"
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "question",
    [
        "How do I write a Windows 11 ISO image to a USB stick?",
        "How many shipping containers fit on a cargo ship?",
        "In Python, is a tuple container faster than a list?",
        "윈도우 11 ISO 이미지를 USB에 굽는 방법은?",
        "컨테이너선 해상 운임이 요즘 얼마예요?",
    ],
)
def test_a_container_word_in_another_sense_is_not_ours(engine: CompatEngine, question: str) -> None:
    scope = engine.scope(question)
    assert scope.about == "elsewhere", scope
    assert scope.other_senses


@pytest.mark.parametrize(
    "question",
    [
        "Can a Windows Server 2022 host run ltsc2019 images?",
        "How big is the Windows Server Core container image?",
        "윈도우 서버 2022 호스트에서 이미지 빌드 번호가 달라도 되나요?",
        "What's the build number of Windows Server 2025?",
    ],
)
def test_container_sense_wins_over_a_shared_name(engine: CompatEngine, question: str) -> None:
    assert engine.scope(question).about == "containers"


def test_nothing_named_leaves_it_to_the_corpus(engine: CompatEngine) -> None:
    scope = engine.scope("What does 0xc0370101 mean?")
    assert scope.about == "unsure"
    assert "0xc0370101" in scope.rest


def test_rest_blanks_the_shared_names_only(engine: CompatEngine) -> None:
    scope = engine.scope("What does error 0xc0370101 mean on Windows Server 2022?")
    assert scope.about == "elsewhere"
    assert "0xc0370101" in scope.rest and "2022" not in scope.rest


DENIALS_EN = [
    "{q} It's a plain VM, nothing container-related.",
    "{q} We only run VMs, no containers.",
    "{q} Not about containers, just the OS.",
    "{q} No Docker involved at all.",
    "{q} I just want a shell, not Docker.",
]
DENIALS_KO = [
    "{q} 컨테이너 얘기 아니에요",
    "{q} 도커는 안 쓸 거예요",
    "{q} 컨테이너 말고 그냥 VM이에요",
]


def test_every_shared_name_with_containers_ruled_out_is_elsewhere(engine: CompatEngine) -> None:
    """A shared name in a question whose asker rules containers out, generated for every name
    and every denial form; the denial alone decides (`denied` says what it ruled out)."""
    wrong = []
    for language, everyday, denials in (
        ("en", "Should {name} get 16 GB of RAM?", DENIALS_EN),
        ("ko", "{name}에 메모리 16GB면 충분한가요?", DENIALS_KO),
    ):
        names = _names(engine, True, language)[:40]
        assert len(names) >= 10, language
        for name in names:
            for denial in denials:
                question = denial.format(q=everyday.format(name=name))
                scope = engine.scope(question)
                if scope.about != "elsewhere" or not scope.denied:
                    wrong.append(f"{question!r}: {scope.about} {scope.container_terms}")
    assert not wrong, "\n".join(wrong[:10])


@pytest.mark.parametrize(
    "question",
    [
        "Can I run Windows containers without Docker Desktop?",
        "We don't use containers yet. Can our .NET Framework app run on Cloud Run?",
        "Is this a container-related issue on Windows Server 2022?",
        "도커 데스크탑 말고 containerd로 윈도우 컨테이너 돌릴 수 있나요?",
        "What is the default isolation mode on Windows 11 Pro?",
    ],
)
def test_a_container_word_left_standing_keeps_it_ours(engine: CompatEngine, question: str) -> None:
    scope = engine.scope(question)
    assert scope.about == "containers" and not scope.denied
