"""Which of two things the question is about when it names both: the workload ruled out on the
container OS it states, the feature its asking sentence names (not the one a background
sentence names), a feature denied of the host ("도메인 조인 안 된 호스트"), the OS it only
compares with ("리눅스에서 쓰던 것처럼 Windows Server에도 …").

Workload pairs are generated from workloads.yaml: every workload ruled out on Windows, next to
every one that runs there."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine, facts
from assistant.compat.schema import WINDOWS


def _windows_pairs(engine: CompatEngine) -> list[tuple[str, str, str, str]]:
    """(ruled-out id, its name, runs-there id, its name) for workloads with Windows rows."""
    rows = engine.tables.workloads
    out = [i for i, w in rows.items() if WINDOWS in w.os and w.os[WINDOWS].status == "no"]
    runs = [i for i, w in rows.items() if WINDOWS in w.os and w.os[WINDOWS].status != "no"]
    named = {a.ref.id: a.text for a in engine.lexicon.aliases if a.ref.type == "workload"}
    return [(a, named[a], b, named[b]) for a in out for b in runs if a in named and b in named]


def test_the_workload_ruled_out_on_the_stated_os_decides(engine: CompatEngine) -> None:
    pairs = _windows_pairs(engine)
    assert len(pairs) >= 4
    wrong = []
    for out, out_name, runs, runs_name in pairs:
        for question in (
            f"Can we run {out_name} in a Windows container next to our {runs_name} containers?",
            f"We already run {runs_name} in Windows containers. Can {out_name} go in a Windows container too?",
            f"{runs_name} 컨테이너 옆에 {out_name}도 윈도우 컨테이너로 돌릴 수 있나요?",
        ):
            decision = engine.decide(engine.understand(question), "en")
            got = decision.verdict.status if decision else None
            if got != "no":
                wrong.append(f"{question!r}: {got} ({out} is ruled out on Windows, {runs} is not)")
    assert not wrong, "\n".join(wrong[:10])


@pytest.mark.parametrize(
    ("question", "features"),
    [
        # The asking sentence names the mixed cluster; the background names the all-Windows one.
        (
            "EKS에 윈도우 노드만 넣었더니 CoreDNS가 안 떠요. 리눅스 노드 그룹 추가하면 윈도우 노드와 함께 운영되나요?",
            ["mixed-os-cluster"],
        ),
        (
            "We tried only Windows nodes on AKS and system pods stayed pending. Can we add a Linux node pool alongside the Windows nodes?",
            ["mixed-os-cluster"],
        ),
        # No feature in the asking sentence: the background's feature is the one asked about.
        (
            "We only want Windows nodes, no Linux nodes. Is that possible on EKS?",
            ["windows-only-cluster"],
        ),
    ],
)
def test_the_asking_sentence_feature_wins(
    engine: CompatEngine, question: str, features: list[str]
) -> None:
    assert engine.understand(question).features == features


@pytest.mark.parametrize(
    "question",
    [
        "도메인 조인 안 된 WS2022 호스트에서도 컨테이너가 gMSA 쓸 수 있어요?",
        "도메인에 조인되지 않은 호스트에서 gMSA 쓸 수 있나요?",
        "Our hosts aren't domain-joined. Can the containers still use gMSA?",
    ],
)
def test_a_feature_denied_of_the_host_is_not_asked_about(
    engine: CompatEngine, question: str
) -> None:
    query = engine.understand(question)
    assert "gmsa" in query.features
    assert "domain-join" not in query.features


@pytest.mark.parametrize(
    ("question", "host"),
    [
        (
            "리눅스에서 쓰던 것처럼 Windows Server에도 rootless Docker 설정할 수 있나요?",
            "windows-server",
        ),
        ("리눅스처럼 윈도우 서버에서도 루트리스 도커 되나요?", "windows-server"),
        ("Like we do on Linux, can we set up rootless Docker on Windows Server?", "windows-server"),
    ],
)
def test_an_os_only_compared_with_is_background(
    engine: CompatEngine, question: str, host: str
) -> None:
    assert engine.understand(question).host_os == host


def test_a_comparison_with_the_only_os_named_is_not_set_aside(engine: CompatEngine) -> None:
    """ "리눅스처럼 …" with no other OS: Linux is all the question names, so it stays read."""
    read = engine.read("리눅스처럼 루트리스 도커 쓸 수 있나요?")
    assert read.query.container_os == "linux" or read.query.host_os == "linux"


@pytest.mark.parametrize(
    "question",
    [
        "On GKE, will a ltsc2019 image and a ltsc2022 image both start?",
        "RKE2에서 ltsc2022 이미지랑 ltsc2025 이미지 돌아가나요?",
    ],
)
def test_two_images_and_no_host_on_a_platform_is_a_conflict(
    engine: CompatEngine, question: str
) -> None:
    """Which one is the node's version the words do not say, and the verdict turns on it."""
    query = engine.understand(question)
    assert query.host_os is None and len(query.conflicts) == 2
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "unknown"


def _place_names(engine: CompatEngine) -> list[tuple[str, str]]:
    """(platform id, its first English name) for every platform row the lexicon names."""
    first: dict[str, str] = {}
    for alias in engine.lexicon.aliases:
        if alias.ref.type == "platform" and alias.ref.id in engine.tables.platforms:
            first.setdefault(alias.ref.id, engine.lexicon.name(alias.ref, "en"))
    return sorted(first.items())


def _covered(engine: CompatEngine, place: str | None) -> set[str]:
    return {p.id for p in facts.family_members(engine.tables, place)} if place else set()


def test_a_move_asks_about_where_it_goes(engine: CompatEngine) -> None:
    """Generated over consecutive pairs of platform rows, both directions, EN and KO."""
    places = _place_names(engine)
    assert len(places) >= 10
    wrong = []
    for (a, a_name), (b, b_name) in zip(places, places[1:], strict=False):
        for origin, origin_name, target, target_name in (
            (a, a_name, b, b_name),
            (b, b_name, a, a_name),
        ):
            for question in (
                f"We moved from {origin_name} to {target_name} last year. Can it run Windows containers?",
                f"If we migrate from {origin_name} to {target_name}, will our Windows containers run?",
                f"{origin_name}에서 {target_name}로 옮기면 윈도우 컨테이너 돌아가나요?",
            ):
                got = engine.understand(question).platform
                # A name shared with a family ("AKS") reads as the family, which covers the row.
                if got == origin or (got != target and target not in _covered(engine, got)):
                    wrong.append(f"{question!r}: {got}, not {target}")
    assert not wrong, "\n".join(wrong[:10])


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        # The same version said twice keeps one role.
        ("호스트는 17763 빌드(WS2019)고 이미지는 20348 빌드예요. 돌아가나요?", "ws2019", "ws2022"),
        (
            "The host is build 20348 (Windows Server 2022) and the image is 1809. Will it run?",
            "ws2022",
            "ws2019",
        ),
    ],
)
def test_a_version_restated_keeps_its_role(
    engine: CompatEngine, question: str, host: str, image: str
) -> None:
    query = engine.understand(question)
    assert (query.host_os, query.image_os) == (host, image)


def test_a_role_the_host_does_not_have_rules_its_isolation_out(engine: CompatEngine) -> None:
    question = (
        "Host: Windows Server 2022. Image: ltsc2019. We don't have the Hyper-V role installed, "
        "so process isolation only. Will it start?"
    )
    query = engine.understand(question)
    assert query.isolation == "process"
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        # A generic word ruled out narrows a family to the members it does not name.
        ("Can we run Windows pods on EKS without any EC2 instances to manage?", "eks"),
        ("EC2 없이 EKS에서 윈도우 파드 돌릴 수 있나요?", "eks"),
    ],
)
def test_ruling_out_ec2_leaves_the_serverless_members(
    engine: CompatEngine, question: str, platform: str
) -> None:
    query = engine.understand(question)
    assert query.platform in _covered(engine, platform) and query.platform != "eks-ec2"
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "no"


def test_a_port_leaves_the_present_os_behind(engine: CompatEngine) -> None:
    question = (
        "지금은 4.8이라 GKE Standard에 윈도우 노드풀 따로 운영 중인데요, 만약 .NET 10으로 "
        "포팅하면 GKE Autopilot으로 옮길 수 있나요?"
    )
    query = engine.understand(question)
    assert query.platform == "gke-autopilot" and query.host_os is None
    decision = engine.decide(query, "ko")
    assert decision is not None and decision.verdict.status in ("yes", "conditional")


def test_a_contrast_may_have_words_between_the_marker_and_the_name(engine: CompatEngine) -> None:
    read = engine.read(
        "Unlike the old Windows 10 fleet, can the new Windows 11 laptops run ltsc2022 images?"
    )
    assert read.query.host_os == "win11"


@pytest.mark.parametrize(
    "question",
    [
        "AKS에서 HostProcess 컨테이너는 노드가 WS2022인데 이미지가 ltsc2019여도 돌아가나요?",
        "On AKS, can a HostProcess pod built on ltsc2019 run on Windows Server 2022 nodes?",
    ],
)
def test_hostprocess_images_need_not_match_the_node(engine: CompatEngine, question: str) -> None:
    """Their base image need not match the node's version (notes/kubernetes-windows.md)."""
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status in ("yes", "conditional")
