"""What a stranger's question states beside the names: how many containers, which of two
Windows versions is which, what the sentence before the question described, what is ruled out.

Counts are generated from the editions' licence caps (editions.yaml `max_containers`), in
English and Korean, digits and words, over and within the cap."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.schema import Edition

_EN_WORDS = {2: "two", 3: "three", 5: "five", 10: "ten"}
_KO_WORDS = {2: "두", 3: "세", 5: "다섯", 10: "열"}


def _count_forms(edition: Edition, count: int) -> list[tuple[str, str]]:
    name, ko_name = edition.name.en, edition.name.ko
    word, ko_word = _EN_WORDS.get(count, str(count)), _KO_WORDS.get(count, str(count))
    return [
        (f"Can I run {count} Hyper-V containers on {name}?", "en"),
        (f"Can we run {word} Hyper-V isolated containers on {name}?", "en"),
        (
            f"Our host is {name}. Is it OK to start {count} hyper-v isolated containers at once?",
            "en",
        ),
        (f"{ko_name} 라이선스로 Hyper-V 격리 컨테이너를 {count}개 띄워도 되나요?", "ko"),
        (f"{ko_name}에서 하이퍼V 격리 컨테이너 {ko_word} 개 돌릴 수 있어?", "ko"),
        (f"{ko_name} 서버에 {count}개의 Hyper-V 컨테이너를 올리려는데 가능한가요?", "ko"),
    ]


def _capped(engine: CompatEngine) -> list[tuple[Edition, int]]:
    return [
        (edition, edition.max_containers["hyperv"])
        for edition in engine.tables.editions.values()
        if "hyperv" in edition.max_containers
    ]


def test_a_count_over_an_editions_cap_is_no_and_within_it_is_not(engine: CompatEngine) -> None:
    capped = _capped(engine)
    assert capped, "editions.yaml caps no edition's Hyper-V containers"
    wrong: list[str] = []
    for edition, cap in capped:
        for count, over in ((cap + 1, True), (cap + 3, True), (cap, False)):
            for question, language in _count_forms(edition, count):
                query = engine.understand(question)
                decision = engine.decide(query, language)  # type: ignore[arg-type]
                status = decision.verdict.status if decision else None
                if query.container_count != count or query.unplaced:
                    wrong.append(f"{question!r}: count {query.container_count} {query.unplaced}")
                elif over != (status == "no"):
                    wrong.append(f"{question!r}: {status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "question",
    [
        "Can a Windows Server 2022 host run ltsc2019 containers?",
        "Windows Server 2019 containers on Kubernetes 1.29?",
        "ltsc2022 컨테이너를 윈도우 11에서 돌릴 수 있나요?",
        "Can one pod hold a HostProcess container and a normal container?",
    ],
)
def test_versions_and_distant_numbers_are_not_counts(engine: CompatEngine, question: str) -> None:
    assert engine.understand(question).container_count in (None, 1)


def test_the_count_is_in_the_reading_line(engine: CompatEngine) -> None:
    read = engine.read("Can I run three Hyper-V containers on Windows Server Standard?")
    reading = engine.describe(read, "en")
    assert reading.count == 3 and "3 containers" in reading.text


def test_two_windows_versions_and_no_place_are_not_answered_for_one(engine: CompatEngine) -> None:
    # One of the two must be the host, but nothing says which: answering for the first alone
    # gave a confident "yes" for a newer image on an older host.
    query = engine.understand("Will a 17763 image work with ltsc2022 ones?")
    assert query.conflicts == ["17763", "ltsc2022"]
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "unknown"


@pytest.mark.parametrize(
    "question",
    [
        "We have an old 32-bit Win32 tool. Can it run in a nanoserver:ltsc2022 container?",
        "Our app needs the Windows Search service. Can it run in Nano Server?",
    ],
)
def test_the_sentence_a_pronoun_points_at_is_read(engine: CompatEngine, question: str) -> None:
    """What "it" stands for must be placed or named as unplaced, never read past."""
    query = engine.understand(question)
    decision = engine.decide(query, "en")
    assert decision is not None
    assert query.workload is not None or query.unplaced, query
    assert decision.verdict.status in ("no", "unknown")


def test_an_aside_without_a_pronoun_is_still_an_aside(engine: CompatEngine) -> None:
    query = engine.understand("We're a small team. Can GKE run Windows containers?")
    assert query.unplaced == []


@pytest.mark.parametrize(
    ("question", "language"),
    [
        (
            "We won't use Nano Server, only Server Core. Can our .NET Framework 4.8 app run in a "
            "Windows container then?",
            "en",
        ),
        ("We don't want Nano Server; can a .NET Framework 4.8 app run on Server Core?", "en"),
        (
            "나노 서버는 안 쓸 거고 서버 코어만 쓸 건데 .NET Framework 4.8 앱 컨테이너로 돌릴 수 있나요?",
            "ko",
        ),
    ],
)
def test_an_image_ruled_out_is_not_the_image_asked_about(
    engine: CompatEngine, question: str, language: str
) -> None:
    query = engine.understand(question)
    assert query.excluded == ["nanoserver"] and query.base_image == "servercore"
    decision = engine.decide(query, language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status in ("yes", "conditional")


def test_why_doesnt_is_not_an_exclusion(engine: CompatEngine) -> None:
    query = engine.understand("Why doesn't Nano Server have .NET Framework?")
    assert query.excluded == [] and query.base_image == "nanoserver"
