"""The Hyper-V role and the CNI a cluster runs, read from the question and answered from the
tables: a host without the Hyper-V role runs process isolation only, Hyper-V isolation without
the role is a "no", and a CNI other than Calico or Flannel rules RKE2 Windows agents out."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.compat import CompatEngine

VerdictOf = Callable[..., str | None]
"""The `verdict` fixture (conftest): a query read, a language -> the decided status."""

_NO_ROLE = [
    ("We haven't installed the Hyper-V role on our {host} host. Can it run {image} images?", "en"),
    ("{host} 호스트에 Hyper-V 역할을 설치하지 않았는데 {image} 이미지를 돌릴 수 있나요?", "ko"),
]


def _server_cells(engine: CompatEngine) -> list[tuple[str, str, str]]:
    """(host, image tag, status with process isolation) of every Windows Server matrix row."""
    cells = []
    for row in engine.tables.matrix.values():
        host = engine.tables.hosts.get(row.host)
        image = engine.tables.hosts.get(row.image)
        if host is None or image is None or host.kind != "windows-server" or not image.tags:
            continue
        process = row.process.status if row.process is not None else "no"
        cells.append((host.name.en, image.tags[0], process))
    return cells


def test_a_host_without_the_hyperv_role_runs_process_isolation_only(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    cells = _server_cells(engine)
    assert len(cells) >= 8
    wrong = []
    for host, tag, process in cells:
        for form, language in _NO_ROLE:
            question = form.format(host=host, image=tag)
            query = engine.read(question).query
            got = verdict(query, language)
            if "hyperv" not in query.excluded or got != process:
                wrong.append(f"{question!r}: {got} (process cell: {process})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        (
            "Can I pass --isolation=hyperv on a Windows Server 2022 host that has no Hyper-V role?",
            "en",
        ),
        (
            "Hyper-V 역할 없이 --isolation=hyperv로 Windows Server 2025 호스트에서 컨테이너 띄울 수 있나요?",
            "ko",
        ),
    ],
)
def test_hyperv_isolation_without_the_role_is_a_no(
    engine: CompatEngine, verdict: VerdictOf, question: str, language: str
) -> None:
    assert verdict(engine.read(question).query, language) == "no"


def test_every_other_cni_rules_out_rke2_windows_agents(
    engine: CompatEngine, verdict: VerdictOf
) -> None:
    other = next(f for f in engine.tables.features.features if f.id == "other-cni")
    wrong = []
    for alias in [*other.aliases.en, *other.aliases.ko]:
        for question, language in (
            (f"Our RKE2 cluster runs {alias} as its CNI. Can we join Windows agents?", "en"),
            (f"RKE2 클러스터 CNI가 {alias}인데 윈도우 에이전트 붙일 수 있나요?", "ko"),
        ):
            got = verdict(engine.read(question).query, language)
            if got != "no":
                wrong.append(f"{question!r}: {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        (
            "Host: Windows Server 2022 Datacenter, build 10.0.20348. Image: FROM "
            "mcr.microsoft.com/windows/servercore:ltsc2019. Will it start?",
            "ws2022",
            "ws2019",
        ),
        ("Image: ltsc2022. Host: Windows Server 2019. Process isolation OK?", "ws2019", "ws2022"),
        ("이미지: ltsc2025, 호스트: Windows Server 2022. 돌아가나요?", "ws2022", "ws2025"),
        # A client build is no Server version: "Windows 11 24H2 (build 26100)" stays Windows 11.
        ("Windows 11 24H2 (build 26100) laptop, ltsc2025 image. Will it run?", "win11", "ws2025"),
    ],
)
def test_labels_and_a_host_s_own_build_take_their_roles(
    engine: CompatEngine, question: str, host: str, image: str
) -> None:
    query = engine.read(question).query
    assert (query.host_os, query.image_os) == (host, image)


def test_what_the_app_connects_to_is_not_the_workload(engine: CompatEngine) -> None:
    query = engine.read(
        "Our ASP.NET app authenticates against AD and connects to SQL Server. Can it use gMSA "
        "in Windows pods on AKS?"
    ).query
    assert query.workload != "sql-server"
    assert engine.read("Can I run SQL Server in a Windows container on AKS?").query.workload == (
        "sql-server"
    )


def test_an_image_whose_tag_names_its_base_is_one_image(engine: CompatEngine) -> None:
    query = engine.read(
        "Is FROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022 fine for Cloud Run?"
    ).query
    assert query.base_image == "dotnet-images" and not query.conflicts


@pytest.mark.parametrize(
    ("question", "language"),
    [
        (
            "Will our Docker Swarm automatically schedule ltsc2022 services onto the 2022 hosts?",
            "en",
        ),
        ("도커 스웜이 ltsc2019 이미지를 알아서 2019 노드에만 배치해 주나요?", "ko"),
    ],
)
def test_swarm_does_not_place_images_by_windows_version_by_itself(
    engine: CompatEngine, verdict: VerdictOf, question: str, language: str
) -> None:
    query = engine.read(question).query
    assert "automatic-version-placement" in query.features
    assert verdict(query, language) == "no"
