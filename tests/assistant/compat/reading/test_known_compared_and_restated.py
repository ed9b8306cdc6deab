"""What the asker already knows, what it compares with, and what it says twice: a workload in
a "we know …" sentence, "like we could on X", a release or build restated after a name,
two CPU architectures in one question, and an OS named as what something may be limited to."""

from __future__ import annotations

from collections.abc import Callable
from itertools import permutations

import pytest

from assistant.compat import CompatEngine

VerdictOf = Callable[..., str | None]


def test_a_known_workload_is_context_when_the_question_names_its_own_containers(
    engine: CompatEngine,
) -> None:
    query = engine.read(
        "We know a Linux sidecar can't share a pod with a Windows container. What if the "
        "sidecar is itself a Windows container - can it sit in the same pod as the IIS one?"
    ).query
    assert query.workload != "mixed-os-pod"


@pytest.mark.parametrize(
    "question",
    [
        "We know a Linux sidecar in a Windows pod fails upstream. Does AKS behave the same?",
        "리눅스 사이드카는 윈도우 파드에 못 붙이는 거 아는데, AKS에서도 마찬가지예요?",
    ],
)
def test_a_known_workload_asked_about_again_stays_the_subject(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert query.workload == "mixed-os-pod"
    assert verdict(query) == "no"


def _windows_platforms(engine: CompatEngine) -> list[tuple[str, str]]:
    """(id, English name) of platforms whose Windows support the tables settle either way."""
    found = []
    for platform in engine.tables.platforms.values():
        support = platform.os.get("windows")
        if support is not None and support.status in ("yes", "no", "conditional"):
            found.append((platform.id, platform.name.en))
    return found


def test_the_place_compared_with_is_not_the_one_asked_about(engine: CompatEngine) -> None:
    platforms = _windows_platforms(engine)[:8]
    assert len(platforms) >= 4
    misread = []
    for (asked, asked_name), (_, compared_name) in permutations(platforms, 2):
        for question in (
            f"Can we run our Windows Server 2022 containers on {asked_name}, like we could "
            f"on {compared_name}?",
            f"Will a Windows container work on {asked_name} as we already do on {compared_name}?",
        ):
            query = engine.read(question).query
            if query.platform != asked:
                misread.append((question, query.platform))
    assert misread == []


@pytest.mark.parametrize(
    "question",
    [
        "We'd like our Windows pods on AKS. Is that supported?",
        "Can our managed cluster, as in AKS, run Windows Server 2022 pods?",
    ],
)
def test_like_as_a_verb_or_as_in_an_example_does_not_set_the_place_aside(
    engine: CompatEngine, question: str
) -> None:
    assert engine.read(question).query.platform == "aks"


def test_a_release_said_again_after_its_host_is_no_version_of_its_own(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    for question in (
        "Windows Server 23H2 호스트에서 ltsc2019 이미지가 안 돈다는 건 알겠어요. 그럼 이미지를 "
        "ltsc2022로 다시 빌드하면 그 23H2 호스트에서는 돌아가나요?",
        "Our Windows Server 23H2 host can't run the ltsc2019 image, fine. If we rebuild it on "
        "ltsc2022, will it run on that 23H2 box?",
    ):
        query = engine.read(question).query
        assert (query.host_os, query.image_os) == ("ws23h2", "ws2022"), question
        assert query.versions == [] and "23h2" not in query.unplaced, question
        assert verdict(query, "ko") in ("yes", "conditional"), question


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        (
            "WMCO 윈도우 노드가 Windows Server 2019예요(RuntimeClass의 windows-build가 "
            "10.0.17763). 여기에 4.8.1-windowsservercore-ltsc2022 이미지로 파드 띄우면 돼요?",
            "ws2019",
            "ws2022",
        ),
        (
            "Our nodes are Windows Server 2022 (kubectl shows the kernel as 10.0.20348). Can "
            "they take a servercore:ltsc2025 image?",
            "ws2022",
            "ws2025",
        ),
    ],
)
def test_a_build_in_brackets_after_a_host_is_that_host(
    engine: CompatEngine, verdict: VerdictOf, question: str, host: str, image: str
) -> None:
    query = engine.read(question).query
    assert (query.host_os, query.image_os) == (host, image)
    assert verdict(query) == "no"  # a newer image on an older host, in every mode


def _arch_names(engine: CompatEngine) -> dict[str, str]:
    return {
        entry.id: entry.en[0]
        for entry in engine.tables.lexicon.entities
        if entry.type == "arch" and entry.en
    }


def test_two_architectures_are_never_answered_as_one(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    names = _arch_names(engine)
    assert {"amd64", "arm64"} <= set(names)
    wrong = []
    for image_arch, host_arch in permutations(names, 2):
        image, host = names[image_arch], names[host_arch]
        for question, language in (
            (
                f"An image built only for linux/{image}, on our {host} Linux nodes: will it run?",
                "en",
            ),
            (f"{host} 리눅스 노드 그룹에 {image}로만 빌드된 이미지를 올리면 뜨나요?", "ko"),
        ):
            query = engine.read(question).query
            got = verdict(query, language)
            if not query.conflicts or got in ("yes", "conditional"):
                wrong.append((question, query.conflicts, got))
    assert wrong == []


def test_a_manifest_list_names_its_architectures_without_a_conflict(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    query = engine.read(
        "Can Cloud Run deploy one manifest list tag with linux/amd64 and linux/arm64 in it?"
    ).query
    assert query.conflicts == []
    assert verdict(query) in ("yes", "conditional")


@pytest.mark.parametrize(
    "question",
    [
        "We mirror registry.k8s.io/pause:3.6. Is that one image enough for the Windows nodes "
        "as well, or is it a Linux-only image?",
        "pause 이미지 registry.k8s.io/pause:3.6이 리눅스 전용인가요, 윈도우 노드에서도 쓰나요?",
    ],
)
def test_an_os_the_asked_thing_may_be_limited_to_is_not_the_workload_s(
    engine: CompatEngine, question: str
) -> None:
    query = engine.read(question).query
    assert "pause-image" in query.features
    assert query.container_os != "linux"


def test_the_pause_image_row_answers_for_windows_nodes(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    query = engine.read(
        "Does the pause image registry.k8s.io/pause:3.6 work on Windows nodes?"
    ).query
    assert query.features == ["pause-image"]
    assert verdict(query) in ("yes", "conditional")


def test_a_place_ruled_out_is_no_subject_where_it_is_named_again(engine: CompatEngine) -> None:
    query = engine.read(
        "AKS docs say HostProcess needs Kubernetes 1.23+ and containerd 1.6+. Our cluster isn't "
        "AKS though - it's self-managed kubeadm 1.29 with containerd 1.7 on Windows Server 2022 "
        "workers. Can we run HostProcess pods?"
    ).query
    assert query.platform == "kubernetes"
    assert "aks" in query.excluded
    # What the docs require is quoted, not the asker's own versions; "1.23+" is placed.
    assert "containerd 1.6" not in query.versions
    assert "1.23+" not in query.unplaced


@pytest.mark.parametrize(
    ("question", "place"),
    [
        (
            "GKE는 Windows Server 2025 노드풀이 아직 확인이 안 된다던데, EKS는 어때요? WS2025 "
            "Core AMI로 윈도우 노드 그룹 만들 수 있어요?",
            "eks",
        ),
        (
            "I heard GKE can't do Windows Server 2025 node pools yet. What about AKS? Can I add a "
            "Windows Server 2025 node pool there?",
            "aks",
        ),
    ],
)
def test_a_place_asked_in_an_earlier_question_beats_the_one_heard_about(
    engine: CompatEngine, question: str, place: str
) -> None:
    query = engine.read(question).query
    family = engine.tables.platforms.get(query.platform or "")
    assert query.platform == place or (family is not None and place in family.families)


def test_an_architecture_named_and_ruled_out_at_once_is_not_answered(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    query = engine.read(
        "Our manifest list has exactly two entries: windows/amd64 and linux/arm64. No "
        "linux/amd64 at all. Will Cloud Run deploy that tag?"
    ).query
    assert query.conflicts
    assert verdict(query) not in ("yes", "conditional")


@pytest.mark.parametrize(
    ("question", "ruled_out"),
    [
        (
            "EKS도 싫고 Fargate도 빼고요, 그냥 ECS EC2 시작 유형으로 Windows Server 2022 컨테이너 "
            "태스크 돌리는 건 되나요?",
            "eks",
        ),
        (
            "Hyper-V VM 같은 거 하나도 안 쓰고 윈도우 서버 2022 호스트에서 ltsc2019 이미지 "
            "돌릴 수 있어요?",
            "hyperv",
        ),
        ("하이퍼V 같은 건 전혀 안 쓰고 WS2022 호스트에서 ltsc2022 이미지 되나요?", "hyperv"),
    ],
)
def test_a_name_the_asker_does_not_want_or_anything_like_it_is_ruled_out(
    engine: CompatEngine, question: str, ruled_out: str
) -> None:
    query = engine.read(question).query
    assert ruled_out in query.excluded
    assert query.platform != ruled_out and query.isolation != ruled_out


@pytest.mark.parametrize(
    "question",
    [
        "ACI가 arm64 이미지도 받나요?",
        "Cloud Run이 윈도우 이미지를 받아요?",
        "App Runner가 arm64 이미지를 받을 수 있어요?",
    ],
)
def test_accepting_an_image_is_asked_in_korean_too(engine: CompatEngine, question: str) -> None:
    assert engine.read(question).query.is_compat_question


def test_a_node_pool_added_to_the_cluster_heard_about_is_on_that_cluster(
    engine: CompatEngine,
) -> None:
    query = engine.read(
        "AKS 1.36부터 윈도우 노드풀 기본값이 WS2025라던데, 1.36 클러스터에 일부러 Windows Server "
        "2022 노드풀을 새로 추가하는 건 아직 되나요?"
    ).query
    assert (query.platform, query.host_os) == ("aks", "ws2022")
    assert query.unplaced == []


def test_the_default_mode_named_with_its_name_is_placed(engine: CompatEngine) -> None:
    query = engine.read(
        "The host is Windows Server 2025 (build 26100), our image is FROM "
        "mcr.microsoft.com/windows/server:ltsc2022. Default process isolation. Will it start?"
    ).query
    assert (query.host_os, query.image_os, query.isolation) == ("ws2025", "ws2022", "process")
    assert query.unplaced == []


def test_a_revision_matched_on_purpose_asks_the_revision_rule(engine: CompatEngine) -> None:
    query = engine.read(
        "호스트가 Windows Server 2016이고 14393.2214까지 패치돼 있어요. 이미지도 정확히 14393.2214 "
        "리비전으로 맞춰서 빌드했고요. 프로세스 격리로 문제없이 뜨나요?"
    ).query
    assert (query.host_os, query.image_os, query.isolation) == ("ws2016", "ws2016", "process")
    assert "patch-level-match" in query.features
    assert query.unplaced == []


def test_the_architecture_of_the_asking_clause_is_the_one_asked(engine: CompatEngine) -> None:
    query = engine.read(
        "Mixed cluster: the Linux nodes are arm64 (Graviton), the Windows nodes are amd64. Can "
        "the Windows pods pin kubernetes.io/arch: amd64 in their nodeSelector?"
    ).query
    assert query.arch == "amd64"
    assert query.conflicts == []


@pytest.mark.parametrize(
    "question",
    [
        "App Service 사용자 지정 윈도우 컨테이너인데 ACR에서 이미지 가져올 때 시스템 할당 관리 ID로 "
        "인증해도 되나요?",
        "Can App Service authenticate with a managed identity when it pulls our Windows image "
        "from ACR?",
    ],
)
def test_authenticating_with_a_managed_identity_is_the_managed_identity_feature(
    engine: CompatEngine, verdict: VerdictOf, question: str
) -> None:
    query = engine.read(question).query
    assert query.features == ["registry-managed-identity"] and query.unplaced == []
    assert verdict(query) in ("yes", "conditional")


def _server_cells(engine: CompatEngine) -> list[tuple[str, str, str, str]]:
    """(host year, image year, mode, status) of every Windows Server matrix cell."""
    cells = []
    for row in engine.tables.matrix.values():
        if not (row.host.startswith("ws20") and row.image.startswith("ws20")):
            continue
        for mode in ("process", "hyperv"):
            cell = getattr(row, mode, None)
            if cell is not None and cell.status in ("yes", "no", "conditional"):
                cells.append((row.host[2:], row.image[2:], mode, cell.status))
    return cells


def test_what_already_runs_on_the_hosts_sets_aside_the_images_not_the_hosts(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    cells = _server_cells(engine)
    assert len(cells) >= 8
    modes = {"process": "process isolation", "hyperv": "Hyper-V isolation"}
    wrong = []
    for host, image, mode, status in cells:
        ran = host  # an image of the host's own version runs on it in every mode
        question = (
            f"Our Windows Server {host} hosts run {ran} images fine; can they also run "
            f"ltsc{image} images with {modes[mode]}?"
        )
        query = engine.read(question).query
        got = verdict(query)
        if (query.host_os, query.image_os) != (f"ws{host}", f"ws{image}") or (
            (status == "no") != (got == "no")
        ):
            wrong.append((question, query.host_os, query.image_os, status, got))
    assert wrong == []


def test_a_place_said_not_to_be_is_ruled_out_in_korean(engine: CompatEngine) -> None:
    query = engine.read(
        "저희 GKE는 Standard 클러스터예요 (Autopilot 아님). 레거시 .NET Framework 서비스 하나를 "
        "윈도우 노드풀에 돌릴 수 있을까요?"
    ).query
    assert "gke-autopilot" in query.excluded
    assert query.platform == "gke-standard"


@pytest.mark.parametrize(
    ("pool", "verdict_is_no"),
    [("Windows Server 2019", True), ("Windows Server 2022", False)],
)
def test_an_image_rebased_onto_a_version_is_that_version_in_a_long_message(
    engine: CompatEngine, verdict: VerdictOf, pool: str, verdict_is_no: bool
) -> None:
    query = engine.read(
        f"Quick check before the change: prod AKS, the Windows pool is {pool}, and the dev team "
        "rebased the API image from ltsc2019 onto servercore:ltsc2022. Rolling it out to that "
        "pool should be fine?"
    ).query
    assert query.is_compat_question
    assert query.image_os == "ws2022"
    assert (verdict(query) == "no") is verdict_is_no
