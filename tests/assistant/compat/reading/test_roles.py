"""Host and image roles, whatever the order or the wording: generated from the version matrix.

For every matrix row between Windows Server versions that have an image tag, the canonical
question and at least eight rewordings (image first, FROM, built on, build numbers, "our nodes
are", Korean 기반 / 로 빌드한 / 호스트가 / 노드풀이, a context sentence) must read the same host and
image and get the same verdict.
"""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.schema import Host


def forms(host: Host, image: Host) -> list[tuple[str, str]]:
    tag, h_name, i_name = image.tags[0], host.name.en, image.name.en
    h_tag = host.tags[0]
    h_build = (host.build or "").split(".")[-1]
    i_build = (image.build or "").split(".")[-1]
    return [
        (f"Can a {h_name} host run a {tag} image?", "en"),
        (f"Can a {tag} image run on a {h_name} host?", "en"),
        (
            f"Our Dockerfile is FROM mcr.microsoft.com/windows/servercore:{tag} and our nodes are {h_name}. Will it run?",
            "en",
        ),
        (f"We built on {tag}; the host is {h_name}. Does that work?", "en"),
        (f"Will a {i_build} image run on a {h_build} host?", "en"),
        (f"{h_name} host, {tag} image - possible?", "en"),
        (f"Image build {i_build}, host build {h_build}. Does it run?", "en"),
        (f"The image is {tag} and the host is {h_name}, will it start?", "en"),
        (f"Our nodes run {h_name}. Can they run an {i_name}-based image?", "en"),
        # "build" between the role words and the number is looked through
        (
            f"Our hosts are build {h_build} and the image was built on {i_build}. Will it start?",
            "en",
        ),
        (f"The image is build {i_build} and our nodes are build {h_build}. Will it run?", "en"),
        (f"노드는 빌드 {h_build}이고 이미지는 빌드 {i_build}인데 돌아가나요?", "ko"),
        (f"{tag} 기반 이미지를 {h_name} 호스트에서 돌릴 수 있나요?", "ko"),
        (f"호스트가 {h_name}인데 {tag}로 빌드한 이미지 실행돼요?", "ko"),
        (f"노드풀이 {h_name}인데 {tag} 이미지 돌아가나요?", "ko"),
        (f"{tag}로 빌드한 이미지를 {h_name} 노드에서 돌릴 수 있어?", "ko"),
        # A node-pool setting's value glues the version to the setting's name; the role words
        # stand before the name.
        (
            f"The image is {tag} and the node pool is OS_VERSION_{h_tag.upper()}. Will pods start?",
            "en",
        ),
        (f"이미지는 {tag}로 빌드했고 노드풀은 OS_VERSION_{h_tag.upper()}예요. 파드 뜰까요?", "ko"),
        (f"Our nodes are --windows-os-version={h_tag}; can they run a {tag} image?", "en"),
        # Agents and workers are hosts; "로" after the image's tag does not make it a place.
        (f"Our agents are build {h_build}. Will a pod from a {i_build}-based image start?", "en"),
        (f"윈도우 에이전트가 {h_build} 빌드인데, {i_build} 기반 이미지 파드 뜨나요?", "ko"),
        (f"워커 노드는 {h_name}인데, 이미지를 {tag}로 올려서 배포하면 돌아가요?", "ko"),
        # A build in brackets after a name says that name again, whichever role it has.
        (f"{h_name} ({h_build}) 호스트에서 {tag} 돌아가요?", "ko"),
        (
            f"빌드 서버를 {h_name}({h_build})로 새로 깔았는데, {tag} 기반 이미지 돌려도 되나요?",
            "ko",
        ),
        (f"Our hosts are {h_name} ({h_build}). Will a {tag} image run?", "en"),
        (f"Build agents are {h_name} - {h_build}. Will a {tag} image run on them?", "en"),
        (f"{tag} ({i_build}) image on a {h_name} host, ok?", "en"),
    ]


def server_pairs(engine: CompatEngine) -> list[tuple[Host, Host]]:
    hosts = engine.tables.hosts
    pairs = []
    for host_id, image_id in engine.tables.matrix:
        host, image = hosts.get(host_id), hosts.get(image_id)
        if (
            host
            and image
            and host.kind == image.kind == "windows-server"
            and image.tags
            and host.tags
            and host.build
            and image.build
        ):
            pairs.append((host, image))
    return pairs


def test_every_server_matrix_row_reads_the_same_in_every_wording(engine: CompatEngine) -> None:
    pairs = server_pairs(engine)
    assert len(pairs) >= 6
    wrong: list[str] = []
    for host, image in pairs:
        canonical, *others = forms(host, image)
        expected = engine.decide(engine.understand(canonical[0]), "en")
        assert expected is not None
        for question, language in [canonical, *others]:
            query = engine.understand(question)
            decision = engine.decide(query, language)  # type: ignore[arg-type]
            got = decision.verdict.status if decision else None
            if (query.host_os, query.image_os) != (
                host.id,
                image.id,
            ) or got != expected.verdict.status:
                wrong.append(f"{question!r}: host={query.host_os} image={query.image_os} {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "question",
    [
        "Can I run an ltsc2025 image on a Windows Server 2022 host with Hyper-V isolation?",
        "Windows Server 2022 호스트에서 ltsc2025 이미지를 Hyper-V 격리로 실행할 수 있나요?",
    ],
)
def test_a_newer_image_on_an_older_host_is_never_yes(engine: CompatEngine, question: str) -> None:
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status == "no"
