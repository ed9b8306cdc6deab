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
