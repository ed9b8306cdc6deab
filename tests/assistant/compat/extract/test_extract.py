"""Questions become structured queries: English and Korean names, versions and their roles,
typos, unknown platforms, and what is not a compatibility question."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.compat import CompatEngine


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Can I run my .NET Framework app on GKE?", {"workload": "dotnet-framework", "platform": "gke"}),
        ("Does netfx work on Google Kubernetes Engine?", {"workload": "dotnet-framework", "platform": "gke"}),
        ("GKE에서 닷넷 프레임워크 앱을 돌릴 수 있나요?", {"workload": "dotnet-framework", "platform": "gke"}),
        ("구글 쿠버네티스에서 닷넷프레임워크를 쓸 수 있나요?", {"workload": "dotnet-framework", "platform": "gke"}),
        ("Can I deploy a Windows container to Cloud Run?", {"container_os": "windows", "platform": "cloud-run"}),
        ("Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?", {"container_os": "windows", "platform": "cloud-run"}),
        ("윈도우 컨테이너는 GKE Autopilot에서 돌아가나요?", {"container_os": "windows", "platform": "gke-autopilot"}),
        ("Can I run Windows pods on EKS with Fargate?", {"platform": "eks-fargate"}),
        ("Is ECS on Fargate OK for Windows containers?", {"platform": "ecs-fargate"}),
        ("Hyper-V 격리로 AKS에서 돌릴 수 있나요?", {"isolation": "hyperv", "platform": "aks"}),
        ("Can I use --isolation=process on Windows 11?", {"isolation": "process", "host_os": "win11"}),
        ("Can an ARM64 node run it on EKS?", {"arch": "arm64", "platform": "eks"}),
        ("Does Nano Server support PowerShell?", {"base_image": "nanoserver", "workload": "powershell"}),
        ("나노 서버에서 파워셸을 쓸 수 있나요?", {"base_image": "nanoserver", "workload": "powershell"}),
        # The family's one member that runs on a Windows 11 host.
        ("Can Docker Desktop on Windows 11 Home run Windows containers?",
         {"platform": "docker-desktop-windows", "host_os": "win11", "edition": "windows-home"}),
        ("Can 32-bit apps run on servercore?", {"workload": "win32-apps", "base_image": "servercore"}),
    ],
)  # fmt: skip
def test_aliases_in_english_and_korean(
    engine: CompatEngine, question: str, expected: dict[str, str]
) -> None:
    query = engine.understand(question)
    assert query.is_compat_question
    for slot, value in expected.items():
        assert getattr(query, slot) == value, slot


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        ("Can a Windows Server 2022 host run an ltsc2019 image?", "ws2022", "ws2019"),
        ("Windows Server 2022 호스트에서 ltsc2019 이미지를 실행할 수 있나요?", "ws2022", "ws2019"),
        ("Will a 1809 image start on a 20348 node?", "ws2022", "ws2019"),
        ("Can I run 10.0.17763 containers on Windows Server 2025?", "ws2025", "ws2019"),
        ("servercore 2019 img on a 2022 box, will it even start?", "ws2022", "ws2019"),
        ("Can Windows Server 2019 run Windows Server 2022 containers?", "ws2019", "ws2022"),
        ("윈도우 서버 2019에서 ltsc2022 컨테이너가 돌아가나요?", "ws2019", "ws2022"),
        ("does windows sever 2022 run ltsc2019 images?", "ws2022", "ws2019"),
    ],
)
def test_a_windows_version_is_host_or_image_by_context(
    engine: CompatEngine, question: str, host: str, image: str
) -> None:
    query = engine.understand(question)
    assert (query.host_os, query.image_os) == (host, image)


def test_a_version_on_a_managed_platform_is_the_node_version(engine: CompatEngine) -> None:
    assert engine.understand("Is Windows Server 2019 still supported on AKS?").host_os == "ws2019"
    # A tag is an image wherever it appears.
    query = engine.understand("Can I run an ltsc2019 image on AKS?")
    assert (query.host_os, query.image_os) == (None, "ws2019")


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("Can I run Windows containers on Kubernets?", "kubernetes"),
        ("Can I use GKE Autopliot for nginx?", "gke-autopilot"),
        ("windows workloads on openshfit?", "openshift"),
    ],
)
def test_typos_in_longer_names_are_tolerated(
    engine: CompatEngine, question: str, platform: str
) -> None:
    assert engine.understand(question).platform == platform


def test_correct_words_are_not_read_as_typos(engine: CompatEngine) -> None:
    # "containers on windows server" is one edit from an alias, but every word is spelled right.
    query = engine.understand("Can I run Linux containers on Windows Server 2022?")
    assert query.platform is None
    assert (query.container_os, query.host_os) == ("linux", "ws2022")
    # Short words never match loosely: "window" is not Windows.
    assert (
        engine.understand("Our maintenance window is short, can we patch nodes?").container_os
        is None
    )
    # A different product one letter away is not a typo either.
    assert engine.understand("Is EKS Fargate able to run Windows pods?").platform == "eks-fargate"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Can I run .NET Framework on Heroku?", ["Heroku"]),
        ("Heroku에서 닷넷 프레임워크를 실행할 수 있나요?", ["Heroku"]),
        ("Can I deploy Windows containers to Fly.io?", ["Fly.io"]),
        ("Can I run a Windows container on Azure Spring Apps?", ["Azure Spring Apps"]),
    ],
)
def test_unknown_platforms_are_named_not_guessed(
    engine: CompatEngine, question: str, names: list[str]
) -> None:
    query = engine.understand(question)
    assert query.unknown_platforms == names
    assert query.platform is None


def test_known_and_common_words_are_not_unknown_platforms(engine: CompatEngine) -> None:
    for question in (
        "Can I run it on Windows Server 2022 in production?",
        "Can I deploy to AKS using Helm in Docker?",
        "Can I run Windows containers on EC2 in the cloud?",
    ):
        assert engine.understand(question).unknown_platforms == [], question


@pytest.mark.parametrize(
    "question",
    [
        "What is nanoserver?",
        "What build number is Windows Server 2022?",
        "Which base image should I use for .NET Framework?",
        "How do I switch Docker Desktop to Windows containers?",
        "Windows Server 2019의 빌드 번호가 뭐예요?",
        "ASP.NET 웹폼 앱을 컨테이너로 만들 때 어떤 이미지를 써야 하나요?",
        "Our legacy WebForms site has to move to Azure. Which services take a Windows image?",
        "Thanks!",
        "How do I reverse a list in Python?",
        # Korean question words anywhere in the asking clause; English ones after a colon.
        "ltsc2022 이미지를 ECS에 올릴 때 operatingSystemFamily는 뭘로 해야 해요?",
        "Docker Desktop에서 윈도우 컨테이너로 전환하는 메뉴 이름이 정확히 뭐였죠?",
        "윈도우 도커 데스크탑은 리눅스 컨테이너를 어디에서 돌려요?",
        "Azure but not AKS: which services can run a Windows container?",
        "Which backend does Docker Desktop on Windows use for Linux containers: WSL 2 or Hyper-V?",
    ],
)
def test_questions_that_want_no_verdict(engine: CompatEngine, question: str) -> None:
    assert not engine.understand(question).is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "Hyper V isolation on AKS, yes or no?",
        "Windows containers on Cloud Run?",
        "What happens if I run an ltsc2019 image on a 2022 host?",
        "We have an ASP.NET MVC app on .NET Framework 4.8. Can we host it on GKE?",
        "팀장님이 GKE Autopilot에서 윈도우 노드가 된다고 하셨어요. 맞다고 확인만 해 주세요.",
        "Is Windows Server 2025 available for AKS Windows node pools?",
        # A colon inside the question ("runAsNonRoot: true") does not start a new one.
        "Does runAsNonRoot: true do anything on a Windows pod on AKS?",
        "Quick one: can GKE run Windows containers?",
    ],
)
def test_yes_no_questions_in_many_shapes(engine: CompatEngine, question: str) -> None:
    assert engine.understand(question).is_compat_question


def test_english_terms_canonicalise_korean_names(engine: CompatEngine) -> None:
    terms = engine.english_terms(
        "구글 쿠버네티스에서 닷넷 프레임워크를 Hyper-V 격리로 돌릴 수 있나요?"
    )
    assert terms == ["GKE", ".NET Framework 4.x", "Hyper-V isolation"]
    assert engine.english_terms("Windows Server 2022 호스트에서 1809 이미지") == [
        "Windows Server 2022",
        "Windows Server 2019",
    ]
    assert engine.english_terms("오늘 점심 뭐 먹지?") == []


def test_everyday_names_need_a_container_context(engine: CompatEngine) -> None:
    # "Python" alone is a programming question, not a container one: nothing is named.
    for question in (
        "How do I reverse a list in Python?",
        "Can I use Python to sort a dict?",
        "파이썬에서 딕셔너리를 값 기준으로 정렬하는 방법은?",
        "Who won the 2022 World Cup final?",
    ):
        assert engine.understand(question).is_empty(), question
        assert engine.english_terms(question) == [], question
    assert engine.understand("Can I run a Python container?").workload == "python"
    assert engine.understand("Can I run Python on Cloud Run?").workload == "python"


_PIECES = st.sampled_from(
    [*"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?!-/:'\"()", "\u200b", "😀"]
    + ["GKE", "windows", "ltsc2019", "2022", "on ", "에서", "윈도우", "닷넷", "는요", "Hyper-V"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_is_understood_without_error(engine: CompatEngine, text: str) -> None:
    query = engine.understand(text)
    decision = engine.decide(query, "en")
    again = engine.understand(text, previous=query)
    assert decision is None or decision.verdict.status in {"yes", "no", "conditional", "unknown"}
    assert again.is_compat_question in (True, False)
