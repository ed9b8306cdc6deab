"""Reading the whole question: contrast, context, exclusion, hypothesis and unplaced words.

Generated from the tables where possible: for every pair of platforms whose Windows verdicts
differ, a contrast clause naming the other one must not change the asked platform's verdict,
in English and in Korean, with the contrast before or after.
"""

from __future__ import annotations

import itertools

import pytest

from assistant.compat import CompatEngine


def windows_verdict(engine: CompatEngine, platform_name: str, language: str = "en") -> str | None:
    decision = engine.decide(
        engine.understand(f"Can {platform_name} run Windows containers?"),
        language,  # type: ignore[arg-type]
    )
    return decision.verdict.status if decision else None


def platform_names(engine: CompatEngine) -> dict[str, str]:
    return {pid: p.name.en for pid, p in engine.tables.platforms.items()}


def contrast_forms(asked: str, other: str) -> list[tuple[str, str]]:
    return [
        (f"Unlike {other}, can {asked} run Windows containers?", "en"),
        (f"Compared to {other}, can {asked} run Windows containers?", "en"),
        (f"Can {asked} run Windows containers, unlike {other}?", "en"),
        (f"{other}와 달리 {asked}에서 윈도우 컨테이너를 실행할 수 있나요?", "ko"),
        (f"{other}랑 다르게 {asked}에서는 윈도우 컨테이너 돌릴 수 있어?", "ko"),
    ]


def test_a_contrasted_platform_never_becomes_the_subject(engine: CompatEngine) -> None:
    names = platform_names(engine)
    plain = {pid: windows_verdict(engine, name) for pid, name in names.items()}
    checked = 0
    for a, b in itertools.permutations(sorted(names), 2):
        if plain[a] == plain[b] or plain[a] is None:
            continue
        for question, language in contrast_forms(names[a], names[b]):
            read = engine.read(question)
            decision = engine.decide(read.query, language)  # type: ignore[arg-type]
            assert decision is not None, question
            assert decision.verdict.status == plain[a], question
            checked += 1
        if checked > 400:
            break
    assert checked > 50


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("Can I run Windows containers on GKE, not Autopilot?", "gke-standard"),
        ("Windows pods on EKS without Fargate - possible?", "eks"),
        ("GKE에서 Autopilot 말고 윈도우 컨테이너를 돌릴 수 있나요?", "gke-standard"),
        ("EKS에서 Fargate 빼고 윈도우 파드 실행 가능해요?", "eks"),
    ],
)
def test_an_excluded_family_member_leaves_the_other(
    engine: CompatEngine, question: str, platform: str
) -> None:
    """With one member left the platform narrows to it; with several (EKS on EC2 or Auto Mode)
    the family stays and the exclusion travels with the query."""
    query = engine.understand(question)
    assert query.platform == platform
    assert query.excluded


@pytest.mark.parametrize(
    "question",
    [
        "Can an ltsc2019 image run on a Windows Server 2022 host without Hyper-V?",
        "Windows Server 2022 호스트에서 하이퍼V 안 쓰고 ltsc2019 이미지를 돌릴 수 있나요?",
        "Can I run an ltsc2019 image on a ws2022 host, not using Hyper-V isolation?",
    ],
)
def test_without_hyperv_means_process_isolation(engine: CompatEngine, question: str) -> None:
    query = engine.understand(question)
    assert query.isolation == "process"
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    "question",
    [
        "Our ltsc2019 images work fine; can a Windows Server 2019 host run ltsc2022?",
        "ltsc2019 이미지는 잘 돌아갑니다. Windows Server 2019 호스트에서 ltsc2022 이미지를 실행할 수 있나요?",
    ],
)
def test_what_already_works_is_context(engine: CompatEngine, question: str) -> None:
    query = engine.understand(question)
    assert (query.host_os, query.image_os) == ("ws2019", "ws2022")
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "no"


def test_a_context_clause_keeps_the_only_subject(engine: CompatEngine) -> None:
    """With nothing else of its kind named, the "works fine" thing is what is asked about."""
    query = engine.understand("Our .NET Framework app works fine on-prem. Can it run on GKE?")
    assert query.workload == "dotnet-framework" and query.platform == "gke"


@pytest.mark.parametrize(
    "question",
    [
        "Our app is .NET Framework 4.8. If we port it to .NET 8, can it run on Cloud Run?",
        "우리 앱은 .NET Framework 4.8인데, .NET 8로 포팅하면 Cloud Run에서 돌릴 수 있나요?",
    ],
)
def test_a_hypothetical_port_is_answered_for_the_ported_app(
    engine: CompatEngine, question: str
) -> None:
    read = engine.read(question)
    assert read.query.workload == "dotnet"
    assert any(ref.id == "dotnet-framework" for ref in read.context)
    decision = engine.decide(read.query, "en")
    assert decision is not None and decision.verdict.status == "yes"


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Does EKS support Frobnicator offload for Windows pods?", "frobnicator"),
        ("Can GKE Windows nodes use Zephyr tunnels?", "zephyr"),
        ("AKS 윈도우 노드에서 쿼럼디스크를 쓸 수 있나요?", "쿼럼디스크"),
    ],
)
def test_an_unplaced_word_makes_a_yes_unknown_and_is_named(
    engine: CompatEngine, question: str, word: str
) -> None:
    query = engine.understand(question)
    assert word in query.unplaced
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "unknown"
    assert any(word in m.lower() for m in decision.verdict.missing)


def test_a_feature_the_tables_hold_no_fact_for_is_unknown_and_named(engine: CompatEngine) -> None:
    for feature in engine.tables.features.features:
        if any(fact.feature == feature.id for fact in engine.tables.features.facts):
            continue
        query = engine.understand(f"Does AKS support {feature.name.en} on Windows nodes?")
        assert feature.id in query.features, feature.id
        decision = engine.decide(query, "en")
        assert decision is not None and decision.verdict.status == "unknown", feature.id
        assert any(feature.name.en in m for m in decision.verdict.missing)


def test_an_unplaced_word_does_not_turn_a_no_into_unknown(engine: CompatEngine) -> None:
    """What cannot run there at all cannot run there with an extra feature either."""
    decision = engine.decide(
        engine.understand("Can Cloud Run run Windows containers with SCTP?"), "en"
    )
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    "question",
    [
        "Can I run my .NET Framework app on GKE?",
        "Hi team! Quick question: can we deploy our legacy .NET Framework app to GKE?",
        "We're a small team in Seoul. Can I run my .NET Framework app on GKE?",
        "혹시 우리 회사 .NET Framework 앱을 GKE에 배포할 수 있을까요?",
    ],
)
def test_filler_and_asides_leave_nothing_unplaced(engine: CompatEngine, question: str) -> None:
    assert engine.understand(question).unplaced == []


@pytest.mark.parametrize(
    ("question", "container_os"),
    [
        ("Not Linux - we need Windows Server containers. Does Cloud Run run them?", "windows"),
        ("윈도우 말고 리눅스 컨테이너를 Windows Server에서 돌릴 수 있나요?", "linux"),
    ],
)
def test_an_excluded_os_leaves_the_other(
    engine: CompatEngine, question: str, container_os: str
) -> None:
    assert engine.understand(question).container_os == container_os
