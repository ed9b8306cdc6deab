"""A broad feature asked about after the asker's own choice of it, what a port leaves behind,
an OS named as what a place may be limited to while the image runs on the other OS, and
containers of both OSes (or HostProcess and not) put in one pod."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.compat import CompatEngine

VerdictOf = Callable[..., str | None]


@pytest.mark.parametrize(
    "question",
    [
        "Our OCP cluster is still on OpenShiftSDN. Can we add WMCO-managed Windows workers "
        "without migrating the network plugin first?",
        "we run openshift-sdn on openshift today. does that network plugin work once we add "
        "windows nodes?",
        "우리 OpenShift는 아직 OpenShiftSDN이에요. 네트워크 플러그인 그대로 두고 Windows 워커 노드 "
        "추가할 수 있나요?",
    ],
)
def test_the_broad_feature_asked_is_the_choice_the_statement_names(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert query.features == ["openshift-sdn"]
    assert verdict(query) == "no"


def test_a_broad_feature_with_no_choice_named_stays_broad(engine: CompatEngine) -> None:
    query = engine.read("Which network plugin do Windows nodes on OpenShift need?").query
    assert query.features == ["cni-plugin"]


@pytest.mark.parametrize(
    "question",
    [
        "Hypothetically, if we port our ASP.NET MVC 5 app to .NET 10, could it then run on "
        "Cloud Run? Today it is .NET Framework 4.8 on servercore.",
        "If we port the app to .NET 8, can it run on Cloud Run? Right now it's .NET Framework "
        "on servercore ltsc2019.",
        "Right now it's .NET Framework on servercore:ltsc2022. If we port to .NET 8, can it "
        "run on Cloud Run?",
        "현재 servercore:ltsc2019 기반 .NET Framework 앱인데 .NET 8로 포팅하면 Cloud Run에서 "
        "돌아가나요?",
    ],
)
def test_a_port_leaves_the_present_image_and_its_tag_behind(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert query.workload == "dotnet"
    assert query.base_image is None
    assert query.host_os in (None, "linux") and query.image_os is None
    assert verdict(query) == "yes"


def test_an_image_the_port_keeps_stays(engine: CompatEngine, verdict: VerdictOf) -> None:
    query = engine.read(
        "We run .NET Framework 4.8 on servercore today. If we port it to .NET 8 and keep the "
        "servercore image, can it run on Cloud Run?"
    ).query
    assert query.base_image == "servercore"
    assert verdict(query) == "no"


@pytest.mark.parametrize(
    "question",
    [
        "Could we deploy a Windows Server Core image to App Runner, or is it Linux only?",
        "Server Core 이미지를 App Runner에 올릴 수 있나요, 아니면 리눅스 전용인가요?",
    ],
)
def test_an_os_the_place_may_be_limited_to_is_not_the_images_os(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    # App Runner's Windows support is not documented: the honest answer is unknown, never the
    # "Server Core cannot be a Linux container" no that reading "Linux only" as the OS gave.
    query = engine.read(question).query
    assert query.container_os is None
    assert query.base_image == "servercore"
    assert verdict(query) == "unknown"


def test_an_only_os_of_the_asker_s_own_app_stays_its_os(engine: CompatEngine) -> None:
    query = engine.read("Our app is Linux-only. Can it run on Cloud Run?").query
    assert query.container_os == "linux"


@pytest.mark.parametrize(
    "question",
    [
        "Today it's .NET Framework on servercore. If we port it to .NET 8 but keep building "
        "nanoserver images, could those run on Cloud Run?",
        "지금은 servercore 기반 .NET Framework 앱이에요. .NET 8로 포팅하면 nanoserver 이미지로 "
        "빌드해서 Cloud Run에 올릴 수 있나요?",
    ],
)
def test_what_the_change_itself_keeps_is_not_left_behind(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert query.base_image == "nanoserver"
    assert verdict(query) == "no"


@pytest.mark.parametrize(
    "question",
    [
        "Our Windows service needs an Envoy sidecar, and the Envoy image is Linux. Can both "
        "containers live in one pod on EKS, scheduled to the Windows node?",
        "윈도우 컨테이너랑 리눅스 컨테이너를 EKS에서 한 파드에 넣을 수 있나요?",
        "the app is a windows container and the log shipper image is linux - same pod on AKS ok?",
        "On AKS our node agent runs as a HostProcess container. Can I drop a regular "
        "(non-HostProcess) fluent-bit sidecar into that same pod?",
    ],
)
def test_containers_of_two_kinds_put_in_one_pod(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    assert verdict(engine.read(question).query) == "no"


@pytest.mark.parametrize(
    "question",
    [
        "We have Linux nodes and Windows nodes. Can a Windows pod run two containers in one pod?",
        "리눅스 노드랑 윈도우 노드가 섞인 클러스터인데 윈도우 파드 하나에 컨테이너 두 개 넣을 수 "
        "있나요? 같은 파드로요",
        "Our pods are non-HostProcess. Can they use hostNetwork on AKS Windows nodes?",
    ],
)
def test_nodes_of_two_oses_or_a_plain_pod_are_no_mixed_pod(
    engine: CompatEngine, question: str
) -> None:
    query = engine.read(question).query
    assert query.workload != "mixed-os-pod"
    assert "hostprocess-mixed-pod" not in query.features


@pytest.mark.parametrize(
    "question",
    [
        "Not via AKS virtual nodes, just a plain ACI container group. Can it run a servercore "
        "ltsc2019 image?",
        "AKS 가상 노드 말고 그냥 ACI 컨테이너 그룹으로 servercore ltsc2019 이미지 돌릴 수 있나요?",
    ],
)
def test_a_feature_of_a_place_ruled_out_is_ruled_out_with_it(
    engine: CompatEngine, question: str
) -> None:
    query = engine.read(question).query
    assert query.platform == "aci"
    assert "virtual-nodes" not in query.features


def test_a_mixed_pod_named_with_both_oses(engine: CompatEngine, verdict: VerdictOf) -> None:
    query = engine.read("Can I run a mixed Linux/Windows pod on EKS?").query
    assert verdict(query) == "no"


@pytest.mark.parametrize(
    "question",
    [
        "GKE 1.23 이상에서 윈도우 노드풀 새로 만들 때 image-type 값 뭐 넣어야 돼요?",
        "AKS 윈도우 노드풀 OS SKU는 뭘 골라야 하나요?",
    ],
)
def test_what_to_put_or_pick_is_a_factual_question(engine: CompatEngine, question: str) -> None:
    assert not engine.read(question).query.is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "We run Linux pods on AKS. Can we add a Windows Server 2022 node pool?",
        "We run Linux pods on AKS. Is it fine to add a Windows Server 2022 node pool?",
        "Our Linux services run on EKS today. Can we add Windows Server 2022 nodes for IIS?",
        "리눅스 파드는 AKS에서 돌리고 있어요. Windows Server 2022 노드풀 추가해도 되나요?",
        "Linux 컨테이너만 쓰다가 이번에 Windows Server 2025 노드를 AKS에 붙이려는데 돼요?",
    ],
)
def test_the_os_of_what_already_runs_is_background_to_a_windows_version_asked(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    # "Linux containers need Linux nodes" answered these with a confident no.
    query = engine.read(question).query
    assert query.container_os != "linux"
    assert verdict(query) in ("yes", "conditional")


@pytest.mark.parametrize(
    "question",
    [
        "Our app is a Linux container. Can it run on a Windows Server 2022 host?",
        "Our app is a Linux container. Is it possible to run it on a Windows Server 2022 host?",
    ],
)
def test_a_statement_the_question_points_back_at_stays_the_subject(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    assert verdict(engine.read(question).query) == "no"


@pytest.mark.parametrize(
    "question",
    [
        "Whole workload is Windows. Can we have an AKS cluster with no Linux node pool at all?",
        "Can an EKS cluster run only Windows node groups?",
        "Can we run Windows pods on AKS without Linux nodes?",
        "EKS에 리눅스 노드 안 두고 윈도우 노드만 써도 돼요?",
        "리눅스 노드는 아예 안 두고 AKS 클러스터를 만들 수 있나요?",
    ],
)
def test_ruling_out_one_os_s_nodes_asks_about_a_cluster_without_them(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert "windows-only-cluster" in query.features
    assert verdict(query) == "no"


def test_ruling_out_one_os_s_containers_is_not_a_cluster_without_its_nodes(
    engine: CompatEngine,
) -> None:
    query = engine.read("We don't want Linux containers. Can AKS run our Windows pods?").query
    assert "windows-only-cluster" not in query.features


def test_what_another_machine_does_fine_is_context(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    query = engine.read(
        "Docker Desktop on my MacBook only does Linux containers, fine. My teammate has "
        "Windows 11 Pro with Docker Desktop — can she run our servercore ltsc2022 image?"
    ).query
    assert query.platform == "docker-desktop-windows"
    assert verdict(query) in ("yes", "conditional")


@pytest.mark.parametrize(
    "question",
    [
        "Host is Windows Server 2022, image ltsc2019. Process isolation fails. Will it start "
        "with --isolation=hyperv?",
        "호스트는 Windows Server 2022, 이미지는 ltsc2019예요. 프로세스 격리로는 안 뜨는데, "
        "--isolation=hyperv 주면 뜨나요?",
    ],
)
def test_the_mode_asked_about_wins_over_the_one_tried(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert query.isolation == "hyperv"
    assert verdict(query) == "conditional"


@pytest.mark.parametrize(
    "question",
    [
        "호스트 OS 빌드가 10.0.17763 이고 이미지 태그는 ltsc2022 입니다. hyperv 격리로 뜨나요?",
        "The host OS build is 10.0.17763 and the image tag is ltsc2022. Will it start with "
        "Hyper-V isolation?",
    ],
)
def test_host_os_build_and_image_tag_name_their_roles(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert (query.host_os, query.image_os) == ("ws2019", "ws2022")
    assert verdict(query) == "no"
