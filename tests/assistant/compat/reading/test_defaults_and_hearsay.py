"""The host's default isolation when the question says "default", a place the asker only heard
about, "X 대신" as an exclusion, EKS's node-group words, and a platform's billing or exams as
out of scope. Expected verdicts come from the tables (matrix rows, hosts' default modes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.compat import CompatEngine

VerdictOf = Callable[..., str | None]
"""The `verdict` fixture (conftest): a query read, a language -> the decided status."""

_DEFAULT_FORMS = [
    "FROM servercore:{image}, deployed to a {host} host with the default isolation - will it start?",
    "{host} 호스트에서 {image} 이미지를 격리는 기본값으로 두고 실행하면 되나요?",
    "FROM servercore:{image} on a {host} host, started with docker run and no isolation flag. OK?",
    "{host} 호스트에서 {image} 이미지를 --isolation 없이 docker run 하면 떠요?",
]


def _server_rows(engine: CompatEngine) -> list[tuple[str, str, str]]:
    """(host id, image id, status under the host's default mode) for every server matrix row
    whose host has a default mode."""
    rows = []
    for row in engine.tables.matrix.values():
        host = engine.tables.hosts.get(row.host)
        windows = host.os.get("windows") if host is not None else None
        if windows is None or windows.default_isolation is None or host.kind != "windows-server":
            continue
        cell = getattr(row, windows.default_isolation, None)
        if cell is not None:
            rows.append((row.host, row.image, cell.status))
    return rows


def test_default_isolation_is_the_host_s_default_mode(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    rows = _server_rows(engine)
    assert len(rows) >= 6
    wrong: list[str] = []
    for host_id, image_id, status in rows:
        host = engine.tables.hosts[host_id]
        image = engine.tables.hosts[image_id]
        for form in _DEFAULT_FORMS:
            question = form.format(host=host.name.en, image=image.tags[0] if image.tags else "")
            query = engine.read(question).query
            got = verdict(query, "en")
            if query.isolation != host.os["windows"].default_isolation or got != status:
                wrong.append(f"{question!r}: {query.isolation} {got} (table: {status})")
    assert not wrong, "\n".join(wrong)


def test_a_named_mode_wins_over_default(engine: CompatEngine) -> None:
    query = engine.read(
        "Windows Server 2022 host, default isolation would be process but we pass "
        "--isolation=hyperv for an ltsc2019 image. OK?"
    ).query
    assert query.isolation == "hyperv"


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        (
            "GKE는 Hyper-V 격리가 안 된다고 들었어요. 그럼 AKS 윈도우 노드풀에서는 되나요?",
            "aks",
        ),
        (
            "I heard Cloud Run can't do Windows. Is App Service any better for Windows containers?",
            "app-service",
        ),
    ],
)
def test_a_place_heard_about_is_context_once_another_is_asked(
    engine: CompatEngine, question: str, platform: str
) -> None:
    read = engine.read(question)
    assert read.query.platform == platform


def test_a_place_heard_about_is_context_when_the_asking_clause_names_a_host(
    engine: CompatEngine,
) -> None:
    read = engine.read(
        "GKE는 Hyper-V 격리가 안 된다고 들었어요. 그럼 온프렘 Windows Server 2022 서버에 "
        "ltsc2019 이미지를 --isolation=hyperv로 돌리는 건 되나요?"
    )
    assert read.query.platform is None
    assert read.query.host_os == "ws2022"


def test_heard_about_with_nothing_else_named_stays_the_subject(engine: CompatEngine) -> None:
    assert engine.read("AKS에서 gMSA 된다고 들었는데 설정은 어떻게 해요?").query.platform == "aks"


@pytest.mark.parametrize(
    "question",
    [
        "ACA 대신 App Service에서 .NET Framework 4.8 앱을 윈도우 컨테이너로 돌릴 수 있나요?",
        "Instead of ACA, can App Service run our .NET Framework 4.8 app in a Windows container?",
    ],
)
def test_instead_of_a_place_rules_it_out(engine: CompatEngine, question: str) -> None:
    query = engine.read(question).query
    assert query.platform == "app-service"
    assert "container-apps" in query.excluded


@pytest.mark.parametrize(
    "question",
    [
        "EKS Auto Mode는 윈도우 노드가 안 된다던데, 그럼 관리형 노드 그룹으로는 윈도우 노드 되나요?",
        "Auto Mode is out, fine. Can a managed node group run Windows nodes then?",
    ],
)
def test_a_managed_node_group_is_eks_on_ec2(engine: CompatEngine, question: str) -> None:
    assert engine.read(question).query.platform == "eks-ec2"


@pytest.mark.parametrize(
    "question",
    [
        "Our GKE bill spiked last month. How do I set up a budget alert in Google Cloud billing?",
        "AKS 클러스터 비용 줄이려면 예약 인스턴스가 나아요, 세이빙 플랜이 나아요?",
        "Azure App Service 웹앱에 커스텀 도메인이랑 SSL 인증서 붙이는 방법 알려주세요.",
        "Lambda 함수 타임아웃을 15분 넘게 늘릴 수 있나요?",
        "What's new in the OpenShift 4.22 web console?",
        "How can I cut cold-start time for a Python AWS Lambda function deployed as a zip file (no container image)?",
        "쿠버네티스 로고(타륜) 파란색 hex 색상 코드가 뭐예요? 발표 자료에 넣으려고요",
        "쿠버네티스 CKA 시험 준비는 어떻게 하는 게 좋아요?",
    ],
)
def test_what_is_not_about_containers_is_declined(engine: CompatEngine, question: str) -> None:
    """A platform's billing, certificates, limits or console; containers ruled out in the
    question itself; a logo or an exam."""
    scope = engine.scope(question)
    assert scope.about == "elsewhere" and scope.declines


@pytest.mark.parametrize(
    "question",
    [
        "Graviton pricing is a lot better. Can I run a Windows task on Fargate with ARM64?",
        "To cut the bill, can our Windows containers on AKS use Spot node pools?",
        "비용 때문에 GKE Autopilot으로 옮기려는데 윈도우 컨테이너 돌아가요?",
        "Can the system node pool of an AKS cluster be a Windows pool, so we have no Linux nodes at all?",
        "Cloud Run은 윈도우 컨테이너가 안 된다고 들었어요. 그럼 같은 GCP에서 GKE Autopilot은 되나요?",
        "Can Lambda run a Windows container image, or only zip packages?",
    ],
)
def test_the_same_words_beside_a_container_question_stay_ours(
    engine: CompatEngine, question: str
) -> None:
    """Billing in a statement or beside containers, "no Linux nodes", a container that does not
    work somewhere: still questions about containers."""
    assert not engine.scope(question).declines


def test_two_unrelated_base_images_are_not_settled_by_the_first(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    # Server Core is ruled out only by words between ("너무 무거워서"): which image is asked is
    # open, and the first one named would answer the wrong question ("yes" for Nano Server).
    query = engine.read(
        "Server Core는 너무 무거워서 안 쓰고 Nano Server로 .NET Framework 4.8 앱 컨테이너 만들 수 "
        "있나요?"
    ).query
    assert query.conflicts and verdict(query, "ko") == "unknown"


def test_an_image_and_the_image_it_is_built_on_are_one_image(engine: CompatEngine) -> None:
    query = engine.read(
        "Can I run mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022 on AKS?"
    ).query
    assert not query.conflicts


def test_a_host_edition_in_a_clause_about_what_works_is_context(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    query = engine.read(
        "my teammate on windows 11 pro runs our windows container image fine. im on a macbook "
        "w/ docker desktop, can i run the same image?"
    ).query
    assert (query.platform, query.host_os) == ("docker-desktop-mac", "macos")
    assert verdict(query, "en") == "no"


@pytest.mark.parametrize(
    "question",
    [
        "When the Windows container starts on an EKS Windows node, can the container itself be "
        "joined to our AD domain?",
        "GKE 오토파일럿에 윈컨 배포 가능?",
        "호스트 WS2022, 이미지 ltsc2019, hyperv 격리. 됨?",
        "If we keep .NET Framework 4.8, is Azure Container Apps still an option for us?",
    ],
)
def test_yes_no_questions_in_more_shapes_get_a_verdict(engine: CompatEngine, question: str) -> None:
    query = engine.read(question).query
    assert query.is_compat_question


def test_when_starting_a_question_still_asks_when(engine: CompatEngine) -> None:
    assert not engine.read(
        "When should I use Hyper-V isolation for Windows containers?"
    ).query.is_compat_question


def test_an_os_ruled_out_does_not_keep_the_other_os_s_host_as_subject(
    engine: CompatEngine,
) -> None:
    # "윈도우 컨테이너 말고 리눅스 컨테이너로 …? 팀이 윈도우 서버만 써봐서": the Windows container
    # ruled out is not asked about, so the Windows Server of the remark after it is background.
    query = engine.read(
        "윈도우 컨테이너 말고 리눅스 컨테이너로 Python Flask API 돌리는 게 맞죠? 팀이 윈도우 서버만 "
        "써봐서 헷갈리네요"
    ).query
    assert query.container_os == "linux" and query.host_os is None


def test_windows_nodes_only_is_the_cluster_without_linux_nodes(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    query = engine.read(
        "We do NOT want to run any Linux nodes. Can an EKS cluster be Windows nodes only?"
    ).query
    assert query.features == ["windows-only-cluster"] and "linux" in query.excluded
    assert verdict(query, "en") == "no"


def test_a_place_that_served_well_is_context(engine: CompatEngine) -> None:
    query = engine.read(
        "AWS 위 OpenShift에서는 Windows Server 2019 노드를 잘 썼는데요, GCP 위 OpenShift에서도 "
        "WMCO로 2019 노드 붙일 수 있나요?"
    ).query
    assert query.platform == "openshift-gcp"


def test_please_tell_me_how_asks_for_steps(engine: CompatEngine) -> None:
    query = engine.read("ECS 서비스 오토스케일링을 CPU 사용률 기준으로 거는 방법 알려주세요.").query
    assert not query.is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "애저 컨테이너 앱스 윈도우 컨테이너 지원 여부 알려주세요",
        "AKS에서 윈도우 컨테이너 되는지 알려주세요",
    ],
)
def test_please_tell_me_whether_asks_yes_or_no(engine: CompatEngine, question: str) -> None:
    assert engine.read(question).query.is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "On AKS, can a HostProcess pod also carry an ordinary (non-HostProcess) container next "
        "to it?",
        "AKS에서 HostProcess 파드 안에 일반 컨테이너도 같이 넣을 수 있나요?",
    ],
)
def test_an_ordinary_container_in_a_hostprocess_pod_is_its_own_feature(
    engine: CompatEngine, question: str, verdict: VerdictOf
) -> None:
    query = engine.read(question).query
    assert query.features == ["hostprocess-mixed-pod"]
    assert verdict(query, "en") == "no"


def test_without_turning_on_rules_the_mode_out(engine: CompatEngine) -> None:
    query = engine.read(
        "Without turning on Hyper-V isolation, is there any way to run a Windows Server 2019 "
        "image on a Windows Server 2022 host with plain docker?"
    ).query
    assert query.isolation == "process"


def test_a_last_clause_that_asks_what_is_the_question(engine: CompatEngine) -> None:
    query = engine.read(
        "docker pull mcr.microsoft.com/windows/servercore:latest fails?? what tag am I supposed "
        "to use then"
    ).query
    assert not query.is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "AKS on 1.34: if I add a Windows node pool without an OS SKU, which Windows Server "
        "version do I get?",
        "When our EKS cluster moves to Kubernetes 1.33, what AMI do the Windows nodes use?",
        "Once the GKE Windows node pool is on ltsc2022, how do I pick the matching image tag?",
    ],
)
def test_a_condition_then_a_question_word_asks_that_question(
    engine: CompatEngine, question: str
) -> None:
    assert not engine.read(question).query.is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "Can a Windows Server 2022 host run an ltsc2019 image? And if not, what do we need?",
        "If the host is Windows Server 2022, can it run an ltsc2019 image with process isolation?",
    ],
)
def test_an_if_on_a_yes_no_question_stays_yes_no(engine: CompatEngine, question: str) -> None:
    assert engine.read(question).query.is_compat_question


@pytest.mark.parametrize(
    "question",
    [
        "I know Kubernetes can't do it, but on a standalone Windows Server 2022 host running "
        "Docker CE, can I run an ltsc2019 container with Hyper-V isolation?",
        "쿠버네티스에선 안 되는 거 아는데, 단독 WS2022 호스트에서 ltsc2019 이미지를 Hyper-V 격리로 "
        "돌리면 되나요?",
        "GKE는 Hyper-V 격리가 안 된다고 들었어요. 그럼 온프렘 Windows Server 2022 물리 서버에 "
        "ltsc2019 이미지를 --isolation=hyperv로 돌리는 건 되나요?",
    ],
)
def test_what_the_asker_knows_of_a_place_is_context_beside_a_host_of_its_own(
    engine: CompatEngine, question: str
) -> None:
    query = engine.read(question).query
    assert query.platform is None
    assert (query.host_os, query.image_os, query.isolation) == ("ws2022", "ws2019", "hyperv")


def test_a_place_heard_about_stays_the_place_when_only_an_image_is_asked(
    engine: CompatEngine,
) -> None:
    # The version heard about is the earlier one; the image asked is the new one, on the same
    # place (App Service runs no Windows Server 2025 images).
    query = engine.read(
        "App Service 윈도우 컨테이너에서 ltsc2022는 된다고 들었는데, 이번에 베이스를 ltsc2025로 "
        "올려서 배포해도 되나요?"
    ).query
    assert (query.platform, query.image_os) == ("app-service", "ws2025")
    assert not query.conflicts


def test_a_year_before_windows_nodes_is_the_host_version(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    # With the stated 2019 of the AWS clause set aside, the asking clause's own "2019 윈도우 노드"
    # must be read, or the answer is the generic Windows one ("yes, with conditions").
    query = engine.read(
        "OpenShift on AWS에서는 Windows Server 2019 노드가 지원되던데, 온프레미스 vSphere "
        "OpenShift에도 2019 윈도우 노드를 붙일 수 있나요?"
    ).query
    assert (query.platform, query.host_os) == ("openshift-vsphere", "ws2019")
    assert verdict(query, "ko") == "no"


def test_one_os_then_the_other_kept_running_is_both_at_once(engine: CompatEngine) -> None:
    query = engine.read(
        "도커 데스크탑(WSL2)에서 리눅스 컨테이너 띄워 둔 채로 윈도우 컨테이너도 같이 돌릴 수 있나요?"
    ).query
    assert "linux-and-windows-at-once" in query.features
