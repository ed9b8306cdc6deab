"""What a statement before the question contributes: its technical words always ("Our script
queries WMI. Will that work in Nano Server?"), all its words when it names a feature ("The
cluster CNI is Weave Net."), and a bracketed aside only its technical words."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.reading.unplaced import technical_words


def _language(question: str) -> str:
    return "ko" if any("가" <= ch <= "힣" for ch in question) else "en"


@pytest.mark.parametrize(
    ("question", "word"),
    [
        (
            "Our health-check script queries WMI. Will that work inside a nanoserver container?",
            "wmi",
        ),
        (
            "사무실에 남는 구형 PC가 SLAT을 지원 안 하는 CPU래요. 여기에 Docker Desktop 설치해서 쓸 수 있나요?",
            "slat",
        ),
        ("We load a COM DLL via regsvr32. Can it run in nanoserver:ltsc2022?", "regsvr32"),
        # A CNI the tables do not name (Weave Net and Cilium are rows of their own now).
        ("The cluster CNI is Romana. Does that work for the Windows agents on RKE2?", "romana"),
    ],
)
def test_a_statement_s_unplaced_name_keeps_the_generic_verdict_away(
    engine: CompatEngine, question: str, word: str
) -> None:
    query = engine.understand(question)
    assert word in query.unplaced
    decision = engine.decide(query, _language(question))  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "unknown"


@pytest.mark.parametrize(
    "question",
    [
        "We're a small team of five. Can we run Windows containers on AKS?",
        "Our container hosts are not domain-joined (security said no, end of story). Can containers on Windows Server 2022 still use gMSA?",
        "저희는 작은 스타트업이에요. AKS에서 윈도우 컨테이너 돌릴 수 있나요?",
    ],
)
def test_plain_asides_leave_the_verdict_standing(engine: CompatEngine, question: str) -> None:
    query = engine.understand(question)
    assert query.unplaced == []
    decision = engine.decide(query, _language(question))  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status in ("yes", "conditional")


def test_technical_words_are_the_ones_written_as_names() -> None:
    words = technical_words(
        "Our WMI probe, a hostIPC pod, KB4015217, ccg.exe, 0xc0370101 and the ContainerAdministrator user "
        "on a CPU without SLAT을 — just a plain sentence otherwise."
    )
    assert {
        "wmi",
        "hostipc",
        "kb4015217",
        "ccg.exe",
        "0xc0370101",
        "containeradministrator",
        "slat",
    } <= words
    assert not {"our", "probe", "plain", "sentence", "just"} & words


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "윈도우 파드에 runAsNonRoot: true를 걸었는데 이미지 기본 사용자가 ContainerAdministrator예요. 이대로 실행되나요?",
            "no",
        ),
        (
            "Our Windows pods run as ContainerAdministrator and set runAsNonRoot: true. Will they start?",
            "no",
        ),
        # Pods are Kubernetes's: its own conditions (a Linux control plane) come with the yes.
        ("Does runAsNonRoot work on Windows pods?", "conditional"),
        ("Is there a Nano Server base image for Windows Server 2016 hosts?", "no"),
        ("Can a Windows Server 2022 host run a Nano Server image?", "yes"),
        (
            "Could we run Calico for Windows on an EKS cluster where every worker is a Windows node?",
            "no",
        ),
        (
            "Our cluster is on Kubernetes 1.23. Can we set .spec.os.name: windows on pods there?",
            "unknown",
        ),
        (
            "If I set spec.os.name: windows on a pod in our Kubernetes cluster, will the scheduler put it on a Windows node?",
            "no",
        ),
        ("Can a Windows pod on AKS declare .spec.os.name?", "conditional"),
    ],
)
def test_features_and_images_these_statements_turn_on(
    engine: CompatEngine, question: str, expected: str
) -> None:
    decision = engine.decide(engine.understand(question), _language(question))  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == expected


@pytest.mark.parametrize(
    "question",
    [
        "학교 실습실 PC가 윈도우 11 Education이라 윈도우 컨테이너는 안 된다고 들었어요. 그럼 Docker Desktop으로 리눅스 컨테이너는 돌릴 수 있는 거죠?",
        "Windows containers don't work on our Education laptops. Can Docker Desktop run Linux containers there?",
    ],
)
def test_the_other_os_without_a_mode_word_states_no_mode(
    engine: CompatEngine, question: str
) -> None:
    query = engine.understand(question)
    assert "linux-and-windows-at-once" not in query.features
    decision = engine.decide(query, _language(question))  # type: ignore[arg-type]
    assert decision is None or decision.verdict.status != "no"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "호스트가 Windows Server 2025고 이미지도 servercore:ltsc2025로 빌드했어요. 프로세스 격리로 문제없죠?",
            "yes",
        ),
        ("WS2022 호스트에서 ltsc2019 이미지 하이퍼V 격리로 돌려도 괜찮나요?", "yes"),
        (
            "윈10 Pro에서 servercore:ltsc2025 이미지, 프로세스 격리는 안 돼도 하이퍼V 격리로는 되지 않나요?",
            "no",
        ),
        ("Windows Server 2022 host, ltsc2022 image, process isolation. Good to go?", "yes"),
    ],
)
def test_korean_and_casual_yes_no_endings_ask_for_a_verdict(
    engine: CompatEngine, question: str, expected: str
) -> None:
    query = engine.understand(question)
    assert query.is_compat_question
    decision = engine.decide(query, _language(question))  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status in (expected, "conditional")


def test_an_isolation_conceded_is_not_the_one_asked(engine: CompatEngine) -> None:
    query = engine.understand(
        "프로세스 격리는 안 돼도 Hyper-V 격리로는 WS2022 호스트에서 ltsc2019가 뜨나요?"
    )
    assert query.isolation == "hyperv"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Our Windows workers run containerd 1.3.x. Is that a supported runtime for Kubernetes Windows nodes?",
            "no",
        ),
        (
            "Can Kubernetes Windows nodes use containerd 1.7 as the container runtime?",
            "conditional",
        ),
        (
            "An AKS cluster on Kubernetes 1.28 whose Windows nodes run containerd 1.5: do HostProcess containers work?",
            "no",
        ),
        (
            "AKS 1.28 with containerd 1.7 on the Windows nodes: do HostProcess containers work?",
            "conditional",
        ),
    ],
)
def test_a_stated_containerd_version_against_the_rows_that_bound_it(
    engine: CompatEngine, question: str, expected: str
) -> None:
    query = engine.understand(question)
    assert any("containerd" in v for v in query.versions)
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == expected


@pytest.mark.parametrize(
    "question",
    [
        "쿠버 1.27 클러스터에서 윈도우 파드 돌릴 수 있어요?",
        "업스트림 쿠버 1.27에 윈도우 워커 붙일 수 있나요?",
    ],
)
def test_korean_slang_for_kubernetes_names_it_and_its_version(
    engine: CompatEngine, question: str
) -> None:
    query = engine.understand(question)
    assert query.platform == "kubernetes" and query.versions == ["쿠버 1.27"]


@pytest.mark.parametrize(
    ("question", "version"),
    [
        (
            "Our OpenShift cluster on Google Cloud is on 4.11. Can WMCO add Windows nodes there?",
            "openshift 4.11",
        ),
        (
            "Our Nutanix-hosted OpenShift is still on 4.13. Can we add Windows compute nodes?",
            "OpenShift 4.13",
        ),
        (
            "Our cluster was upgraded to 1.30 last week. Can AKS run Windows Server 2025 node pools?",
            "cluster 1.30",
        ),
        ("AKS 클러스터가 1.30인데 Windows Server 2025 노드풀 만들 수 있나요?", "클러스터 1.30"),
    ],
)
def test_a_version_stated_apart_from_its_name_is_read(
    engine: CompatEngine, question: str, version: str
) -> None:
    query = engine.understand(question)
    assert version in query.versions
    decision = engine.decide(query, _language(question))  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status in ("no", "unknown")


@pytest.mark.parametrize(
    "question",
    [
        "Host is 10.0.17763.5936 and the image is 10.0.17763.6054. Is process isolation fine?",
        "Can I run Python 3.12 on AKS?",
        "`mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022` 기반 이미지를 App Service에 올릴 수 있죠?",
        "Can Cloud Run run a 1.5 GB Linux image?",
    ],
)
def test_numbers_that_belong_to_something_else_are_no_stated_version(
    engine: CompatEngine, question: str
) -> None:
    assert engine.understand(question).versions == []


def test_brackets_in_the_asking_clause_are_read_whole(engine: CompatEngine) -> None:
    query = engine.understand(
        "Can a Windows Server 2022 host run ltsc2022 images with process isolation (untrusted code)?"
    )
    assert "untrusted" in query.unplaced
