"""A place the asking clause points back at ("over there", "거기서"), a move from one place to
another inside a sentence, an image rebuilt on another version, an isolation mode whose role
is not installed, versions stated of a place set aside, and command lines and runtimes that
are no place. Generated from the tables where the tables say what to expect."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.compat import CompatEngine
from assistant.compat.lexicon import Ref

VerdictOf = Callable[..., str | None]
"""The `verdict` fixture (conftest): a query read, a language -> the decided status."""

_REFERRING = [
    "We also have {member} on-prem. Can we run Windows containers with {family} over there?",
    "Besides that we run {member}. Does {family} support Windows nodes there too?",
    "{member_ko}도 쓰고 있는데요, 거기서도 {family_ko}로 윈도우 컨테이너 돌릴 수 있나요?",
    "{member_ko} 클러스터가 하나 더 있어요. 그쪽에서도 {family_ko} 윈도우 노드 되나요?",
]


def _families(engine: CompatEngine) -> list[tuple[str, str]]:
    """(family, member) for every family the tables give several members."""
    found: dict[str, list[str]] = {}
    for platform in engine.tables.platforms.values():
        for family in platform.families:
            found.setdefault(family, []).append(platform.id)
    return [(f, m) for f, members in found.items() if len(members) > 1 for m in members]


def test_a_place_the_asking_clause_points_back_at_is_the_place_asked(
    engine: CompatEngine,
) -> None:
    pairs = _families(engine)
    assert len(pairs) >= 20
    family_names = {engine.lexicon.name(Ref("family", f), "en") for f, _ in pairs}
    wrong: list[str] = []
    for family, member in pairs:
        names = {
            "member": engine.lexicon.name(Ref("platform", member), "en"),
            "family": engine.lexicon.name(Ref("family", family), "en"),
            "member_ko": engine.lexicon.name(Ref("platform", member), "ko"),
            "family_ko": engine.lexicon.name(Ref("family", family), "ko"),
        }
        if names["member"] in family_names:
            continue  # "AKS", "Red Hat OpenShift": the member's name is a family's too
        for form in _REFERRING:
            question = form.format(**names)
            got = engine.read(question).query.platform
            if got != member:
                wrong.append(f"{question!r}: {got}")
    assert not wrong, "\n".join(wrong)


def test_there_that_asks_whether_something_exists_points_at_nothing(
    engine: CompatEngine,
) -> None:
    # "Is there …" asks whether a thing exists; the family asked stays the family.
    query = engine.read(
        "We also run OpenShift on vSphere. Is there a way to add Windows nodes to OpenShift?"
    ).query
    assert query.platform != "openshift-vsphere"


def test_the_referred_place_decides_the_verdict(engine: CompatEngine, verdict: VerdictOf) -> None:
    # OpenShift on vSphere takes Windows Server 2022 nodes only (corpus/notes/openshift.md);
    # read as OpenShift in general the answer was "yes, with conditions".
    query = engine.read(
        "OpenShift on AWS lets us run WS2019 Windows nodes. We also have OpenShift on vSphere "
        "on-prem. Can WMCO add Windows Server 2019 nodes over there?"
    ).query
    assert query.platform == "openshift-vsphere"
    assert verdict(query, "en") == "no"


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        (
            "Azure Container Apps에는 .NET Framework 4.8 앱이 안 올라가서 AKS로 옮기려고요. "
            "윈도우 노드풀 만들면 돌아가죠?",
            "aks",
        ),
        (
            "Cloud Run can't run our .NET Framework app, so we're moving it over to GKE. "
            "Will a Windows Server node pool do?",
            "gke",
        ),
        ("ECS에서 안 돼서 EKS로 이전하려는데 윈도우 노드그룹 되나요?", "eks"),
        (
            "App Service was too limited, so we are migrating to AKS next month. "
            "Can it run our Windows containers?",
            "aks",
        ),
    ],
)
def test_a_place_moved_to_inside_a_sentence_leaves_the_earlier_one_behind(
    engine: CompatEngine, question: str, platform: str
) -> None:
    got = engine.read(question).query.platform
    members = {p.id for p in engine.tables.platforms.values() if platform in p.families}
    assert got == platform or got in members, got


def test_moving_to_a_provider_keeps_the_provider_s_own_platform(engine: CompatEngine) -> None:
    query = engine.read(
        "We have never used App Runner (we're moving to AWS from Heroku this quarter). "
        "Can we deploy a Linux API there?"
    ).query
    assert query.platform == "app-runner"


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        (
            "If we rebuild the ltsc2019 image on ltsc2022, can a Windows Server 2019 host run "
            "it with process isolation?",
            "ws2019",
            "ws2022",
        ),
        (
            "Say we rebuilt our ltsc2019 image on servercore:ltsc2022 - would it run on our "
            "Windows Server 2022 hosts?",
            "ws2022",
            "ws2022",
        ),
        (
            "ltsc2019 이미지를 ltsc2022로 다시 빌드하면 Windows Server 2019 호스트에서 돌아가요?",
            "ws2019",
            "ws2022",
        ),
        (
            "Rebasing the 1809 image onto ltsc2025 - can Windows Server 2022 nodes run it?",
            "ws2022",
            "ws2025",
        ),
    ],
)
def test_an_image_rebuilt_on_another_version_is_that_version(
    engine: CompatEngine, question: str, host: str, image: str
) -> None:
    query = engine.read(question).query
    assert (query.host_os, query.image_os) == (host, image)
    assert not query.conflicts


@pytest.mark.parametrize(
    "question",
    [
        "하이퍼V 역할 설치 안 한 Windows Server 2019 호스트에서 ltsc2016 이미지 돌릴 수 있나요?",
        "Hyper-V 기능 활성화 안 된 WS2019 서버에서 ltsc2016 이미지 실행되나요?",
    ],
)
def test_an_isolation_mode_whose_role_is_not_installed_is_ruled_out(
    engine: CompatEngine, question: str, verdict: VerdictOf
) -> None:
    query = engine.read(question).query
    assert query.isolation == "process"
    assert verdict(query, "ko") == "no"


def test_a_denial_with_no_role_word_between_does_not_rule_the_mode_out(
    engine: CompatEngine,
) -> None:
    # "하이퍼V 격리로 안 되는 …" says something failed, not that the mode is unavailable.
    query = engine.read("하이퍼V 격리로 WS2019 호스트에서 ltsc2016 이미지 돌리면 되나요?").query
    assert query.isolation == "hyperv"


@pytest.mark.parametrize(
    ("question", "platform", "image"),
    [
        (
            "ACI는 2019 이미지만 확실하다고 하던데, App Service에서는 servercore ltsc2022 기반 "
            "이미지 올릴 수 있죠?",
            "app-service",
            "ws2022",
        ),
        (
            "ACI only takes ltsc2019 images, I know. Can App Service run an ltsc2022 image?",
            "app-service",
            "ws2022",
        ),
    ],
)
def test_a_version_stated_of_a_place_set_aside_is_that_place_s(
    engine: CompatEngine, question: str, platform: str, image: str
) -> None:
    query = engine.read(question).query
    assert (query.platform, query.image_os) == (platform, image)
    assert not query.conflicts


def test_docker_s_command_line_is_no_place(engine: CompatEngine, verdict: VerdictOf) -> None:
    query = engine.read(
        "호스트가 WS2022고 이미지는 2019 기반인데요, docker run에 --isolation=hyperv 주면 뜨나요?"
    ).query
    assert not query.unknown_platforms
    assert verdict(query, "ko") in ("yes", "conditional")


@pytest.mark.parametrize(
    "question",
    [
        "Can I use podman run to start Windows containers?",
        "Does CRI-O support Windows containers?",
        "podman run으로 윈도우 컨테이너 돌릴 수 있나요?",
    ],
)
def test_a_runtime_the_tables_do_not_cover_is_not_settled(
    engine: CompatEngine, question: str, verdict: VerdictOf
) -> None:
    # What Podman or CRI-O run on Windows the corpus does not say: not the generic "yes".
    query = engine.read(question).query
    assert verdict(query, "en") == "unknown"


@pytest.mark.parametrize(
    "question",
    [
        "회사 정책상 WSL2를 못 써요. 도커 데스크탑을 WSL 2 말고 Hyper-V 백엔드로 설치해서 리눅스 "
        "컨테이너 돌릴 수 있나요?",
        "Can Docker Desktop on Windows use the Hyper-V backend instead of WSL 2 for Linux "
        "containers?",
    ],
)
def test_hyper_v_inside_a_feature_s_name_is_not_the_isolation_mode(
    engine: CompatEngine, question: str, verdict: VerdictOf
) -> None:
    query = engine.read(question).query
    assert query.isolation is None
    assert query.features == ["docker-desktop-hyperv-backend"]
    assert verdict(query, "en") == "yes"
