"""What a question implies without naming it: pods mean Kubernetes, two revisions of one build
ask the revision rule, a platform version below its first one with Windows nodes is a "no".
Also the place "over there" points at, a stated family that narrows to another row, and a bare
"되나요?" that asks the sentence before it. Cases are generated from the tables where they can be."""

from __future__ import annotations

from collections.abc import Callable
from itertools import permutations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.reading.versions import parse_version

VerdictOf = Callable[..., str | None]
"""The `verdict` fixture (conftest): a query read, a language -> the decided status."""

_POD_FORMS = [
    ("Can our Windows pods use {feature}?", "en"),
    ("윈도우 파드에서 {feature} 쓸 수 있나요?", "ko"),
]


def _kubernetes_no_rows(engine: CompatEngine) -> list[tuple[str, str]]:
    """(row id, an alias) for every "no" feature row on all Kubernetes platforms whose feature
    has rows only there, asked by a plain alias."""
    facts = engine.tables.features.facts
    only_k8s = {
        f.feature
        for f in facts
        if all("kubernetes" in g.applies_to.platforms for g in facts if g.feature == f.feature)
    }
    names = {f.id: f for f in engine.tables.features.features}
    rows = []
    for fact in facts:
        if fact.status != "no" or fact.feature not in only_k8s:
            continue
        if fact.applies_to.container_os != "windows":
            continue
        aliases = [a for a in names[fact.feature].aliases.en if "…" not in a and ":" not in a]
        if aliases:
            rows.append((fact.id, aliases[0]))
    return rows


def test_pods_with_no_place_are_kubernetes_and_its_rows_answer(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    rows = _kubernetes_no_rows(engine)
    assert len(rows) >= 8
    wrong = []
    for row_id, alias in rows:
        for form, language in _POD_FORMS:
            question = form.format(feature=alias)
            query = engine.read(question).query
            got = verdict(query, language)
            if query.platform != "kubernetes" or got != "no":
                wrong.append(f"{row_id}: {question!r} -> {query.platform} {got}")
    assert not wrong, "\n".join(wrong)


def test_a_pod_field_alone_implies_kubernetes(engine: CompatEngine, verdict: VerdictOf) -> None:
    query = engine.read("Windows 노드에서 mountPropagation 설정 가능해요?").query
    assert query.platform == "kubernetes"
    assert verdict(query, "ko") == "no"


def test_pods_on_a_named_host_version_are_not_upstream_kubernetes(engine: CompatEngine) -> None:
    """Upstream's own host list (2022 and 2025) must not decide for a cluster that could be
    AKS or EKS with 2019 nodes."""
    query = engine.read(
        "Will HostProcess pods built on nanoserver:ltsc2022 start on our 2019 nodes?"
    )
    assert query.query.platform is None


def _revision_cases(engine: CompatEngine) -> list[tuple[str, str, str]]:
    """(host id, build, status) for every host a patch-level-match row covers."""
    cases = []
    for fact in engine.tables.features.facts:
        if fact.feature != "patch-level-match":
            continue
        for host_id in fact.applies_to.hosts:
            build = engine.tables.hosts[host_id].build
            if build:
                cases.append((host_id, build.removeprefix("10.0."), fact.status))
    return cases


_REVISION_FORMS = [
    ("The host is at {build}.1914 and the image at {build}.1944. Process isolation OK?", "en"),
    ("Host {full}.6054 / image {full}.437 - will it start?", "en"),
    ("호스트는 {build}.5000대인데 이미지는 {build}.4000대예요. 프로세스 격리로 떠요?", "ko"),
    ("호스트 {build}.2700, 이미지 {build}.2340 — 괜찮은 거 맞죠?", "ko"),
]


def test_two_revisions_of_one_build_ask_the_revision_rule(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    cases = _revision_cases(engine)
    assert {host for host, _, _ in cases} >= {"ws2016", "ws2019", "ws2022"}
    wrong = []
    for host_id, build, status in cases:
        for form, language in _REVISION_FORMS:
            question = form.format(build=build, full=f"10.0.{build}")
            query = engine.read(question).query
            got = verdict(query, language)
            read_right = (
                "patch-level-match" in query.features
                and query.host_os == host_id
                and query.image_os == host_id
                and not query.unplaced
            )
            if not read_right or got != status:
                wrong.append(f"{question!r}: {query.model_dump(exclude_defaults=True)} {got}")
    assert not wrong, "\n".join(wrong)


def test_one_revision_alone_is_no_revision_question(engine: CompatEngine) -> None:
    query = engine.read("Our host is 17763.6054. Can it run ltsc2022 images?").query
    assert "patch-level-match" not in query.features


def _floors(engine: CompatEngine) -> list[tuple[str, str]]:
    return [
        (p.id, p.os["windows"].since or "")
        for p in engine.tables.platforms.values()
        if "windows" in p.os and p.os["windows"].since
    ]


def test_a_platform_version_before_its_first_windows_one_is_a_no(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    floors = _floors(engine)
    assert len(floors) >= 5
    families = {f.id for f in engine.tables.lexicon.families}
    wrong = []
    for platform_id, since in floors:
        major, minor = parse_version(since)[:2]
        name = engine.tables.platforms[platform_id].name.en
        cases = [(f"{major}.{minor - 1}", "no")]
        if platform_id not in families:
            # A family's row ("OpenShift") holds the lowest floor of its members: at it, only
            # some members run Windows nodes, which settles nothing.
            cases.append((since, "conditional"))
        for stated, expected in cases:
            question = f"Our {name} cluster is on {stated}. Can we add Windows nodes with WMCO?"
            got = verdict(engine.read(question).query, "en")
            if got != expected:
                wrong.append(f"{question!r}: {got} (expected {expected})")
    assert not wrong, "\n".join(wrong)


def test_over_there_is_the_place_of_the_clause_before(engine: CompatEngine) -> None:
    query = engine.read(
        "We run OpenShift on AWS with Windows Server 2019 nodes and it's fine. Next month we "
        "stand up OpenShift on GCP as well, so can we attach WS2019 Windows nodes over there?"
    ).query
    assert query.platform == "openshift-gcp"


def test_a_stated_family_that_narrows_elsewhere_is_the_other_cluster(
    engine: CompatEngine,
) -> None:
    query = engine.read(
        "Our vSphere OpenShift only takes 2022 Windows nodes. Can OpenShift on Azure take "
        "Windows Server 2019 worker nodes?"
    ).query
    assert query.platform == "openshift-azure"


def test_a_bare_question_asks_the_sentence_before(engine: CompatEngine) -> None:
    read = engine.read(
        "EKS는 Windows Server 2025 노드를 권장한다길래 베이스를 servercore:ltsc2025로 바꿨어요. "
        "그 이미지를 App Service 윈도우 컨테이너로도 올려야 해요. 가능?"
    )
    assert read.query.platform == "app-service"


@pytest.mark.parametrize(
    "question",
    [
        "Our EKS people told me Windows never works on Fargate, end of discussion. Can ECS on "
        "Fargate run a Windows Server 2022 Core task?",
        "예전엔 AKS 윈도우 노드풀이 2019만 됐던 걸로 기억하는데, 지금 AKS에서 Windows Server "
        "2022 노드풀 만들 수 있어요?",
    ],
)
def test_what_the_asker_heard_or_remembers_is_read_for_technical_words_only(
    engine: CompatEngine, question: str
) -> None:
    assert engine.read(question).query.unplaced == []


def _builds(engine: CompatEngine) -> list[tuple[str, str]]:
    return [
        (h.id, h.build.removeprefix("10.0."))
        for h in engine.tables.hosts.values()
        if h.build and h.kind == "windows-server"
    ]


@pytest.mark.parametrize(
    "form",
    [
        "{host} 빌드 호스트에서 {image} 이미지를 process isolation으로 돌릴 수 있나요?",
        "Can a {host} build host run a {image} build image?",
    ],
)
def test_a_build_number_takes_the_role_after_its_build_word(
    engine: CompatEngine, form: str
) -> None:
    builds = _builds(engine)
    assert len(builds) >= 4
    wrong = []
    for (host, host_build), (image, image_build) in permutations(builds, 2):
        query = engine.read(form.format(host=host_build, image=image_build)).query
        if (query.host_os, query.image_os) != (host, image):
            wrong.append(f"{host_build}/{image_build}: {query.host_os}/{query.image_os}")
    assert not wrong, "\n".join(wrong)


def test_a_host_joined_to_the_cluster_heard_about_keeps_that_cluster(
    engine: CompatEngine,
) -> None:
    query = engine.read(
        "RKE2 윈도우 에이전트는 2022까지만 된다고 하던데, Windows Server 2025 서버를 에이전트로 "
        "붙일 수 있나요?"
    ).query
    assert query.platform == "rke2"


def test_the_os_a_question_compares_with_is_context(engine: CompatEngine) -> None:
    query = engine.read(
        "Will the cluster autoscaler scale EKS Windows node groups the same way it does for "
        "the Linux ones?"
    ).query
    assert query.container_os != "linux"


def test_suppose_we_rewrite_is_a_hypothetical(engine: CompatEngine) -> None:
    read = engine.read(
        "Suppose we rewrite the API on .NET 8 with Linux images - could it go to Cloud Run then?"
    )
    assert read.hypothetical and read.query.workload == "dotnet"
