"""Two ways a generic platform verdict used to answer a narrower question: a workload whose
availability is each platform's own fact (GPU), and a family asked with the host it runs on."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Can I attach a GPU to Windows containers on ACI?", "en"),
        ("ACI 윈도우 컨테이너 그룹에 GPU 붙일 수 있나요?", "ko"),
        ("Do Windows pods on GKE get GPU acceleration?", "en"),
    ],
)
def test_a_per_platform_workload_on_a_platform_is_not_settled(
    engine: CompatEngine, question: str, language: str
) -> None:
    decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "unknown"
    assert any("GPU" in r for r in decision.verdict.reasons)


def test_the_same_workload_on_a_host_keeps_the_table_verdict(engine: CompatEngine) -> None:
    question = "Can I use GPU acceleration in Windows containers on a Windows Server 2025 host?"
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status == "conditional"


@pytest.mark.parametrize(
    ("question", "member"),
    [
        ("Can Docker Desktop on my Mac run Windows containers?", "docker-desktop-mac"),
        (
            "On my Windows 11 laptop, can Docker Desktop run Windows containers?",
            "docker-desktop-windows",
        ),
    ],
)
def test_a_family_asked_with_its_host_is_the_member_on_that_host(
    engine: CompatEngine, question: str, member: str
) -> None:
    assert engine.understand(question).platform == member


def test_a_family_without_a_host_stays_the_family(engine: CompatEngine) -> None:
    assert engine.understand("Does Docker Desktop run Windows containers?").platform == (
        "docker-desktop"
    )


def test_both_oses_at_once_on_docker_desktop_for_windows_is_no(engine: CompatEngine) -> None:
    question = (
        "On my Windows laptop with Docker Desktop, can I run a Linux container and a Windows "
        "container at the same time?"
    )
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Can Windows pods on GKE mount an ext4-formatted persistent disk?", "en"),
        ("GKE 윈도우 노드에서 ext4로 포맷된 영구 디스크를 마운트할 수 있나요?", "ko"),
    ],
)
def test_a_feature_that_cannot_be_had_is_not_undone_by_a_second_one(
    engine: CompatEngine, question: str, language: str
) -> None:
    query = engine.understand(question)
    assert {"ext4", "csi-drivers"} <= set(query.features)
    decision = engine.decide(query, language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "no"


def test_a_feature_the_row_denies_keeps_only_the_rows_alternatives(ask) -> None:  # type: ignore[no-untyped-def]
    """GKE's SAC image types are gone: "or use GKE Autopilot" answered the generic question."""
    decision = ask("Can we create a GKE node pool with the windows_sac image type?")
    assert decision is not None and decision.verdict.status == "no"
    alternatives = " ".join(decision.verdict.alternatives)
    assert "windows_ltsc_containerd" in alternatives and "Autopilot" not in alternatives


def test_an_edition_is_not_answered_by_another_platforms_feature_row(ask) -> None:  # type: ignore[no-untyped-def]
    """Docker Desktop's subscription row does not speak for a Windows Server Standard licence."""
    decision = ask("Do Hyper-V isolated containers on Windows Server Standard need a license?")
    assert decision is not None
    assert not any("Docker" in r for r in decision.verdict.reasons)
