"""The tables load into typed rows, every fact is sourced, and bad data fails with file/row/reason."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.compat import CompatEngine
from assistant.compat.tables import TABLE_FILES, load_tables
from assistant.errors import CorpusInvalid

REPO_COMPAT = Path(__file__).resolve().parents[3] / "corpus" / "compat"
CHECKED = date(2026, 11, 28)


@pytest.fixture()
def compat_copy(tmp_path: Path) -> Path:
    target = tmp_path / "compat"
    shutil.copytree(REPO_COMPAT, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_repo_tables_cover_the_required_rows() -> None:
    tables = load_tables(REPO_COMPAT)
    required_platforms = {
        "gke-standard", "gke-autopilot", "eks-ec2", "eks-fargate", "eks-auto-mode", "ecs-ec2",
        "ecs-fargate", "aks-standard", "aks-automatic", "aci", "app-service", "container-apps",
        "cloud-run", "lambda", "app-runner", "openshift", "openshift-aws", "openshift-azure",
        "openshift-gcp", "openshift-vsphere", "openshift-nutanix", "rke2", "docker-swarm", "kubernetes",
        "docker-desktop-windows", "docker-desktop-mac", "docker-desktop-linux",
        "windows-server-containers",
    }  # fmt: skip
    assert required_platforms <= set(tables.platforms)
    assert {"dotnet-framework", "aspnet-framework", "wcf", "dotnet", "sql-server", "powershell",
            "win32-apps", "gpu", "nginx", "apache", "postgresql", "mysql", "python", "nodejs",
            "ai-ml"} <= set(tables.workloads)  # fmt: skip
    assert {"nanoserver", "servercore", "server", "windows", "alpine", "debian", "ubuntu"} <= set(
        tables.base_images
    )
    hosts = {"ws2016", "ws2019", "ws2022", "ws2025", "win10", "win11"}
    assert {(h, i) for h in hosts for i in ("ws2016", "ws2019", "ws2022", "ws2025")} <= set(
        tables.matrix
    )
    assert [tables.hosts[v].build for v in ("ws2016", "ws2019", "ws2022", "ws2025")] == [
        "10.0.14393", "10.0.17763", "10.0.20348", "10.0.26100",
    ]  # fmt: skip


def test_every_fact_row_has_https_sources_and_a_checked_date() -> None:
    for table, name in TABLE_FILES.items():
        rows = yaml.load((REPO_COMPAT / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
            "rows"
        ]
        for row in rows:
            label = f"{name}: {row.get('id') or row.get('host') + '-' + row.get('image')}"
            assert row.get("checked"), label
            if table == "workloads" and row.get("os") == {}:
                continue  # states no fact (SQL Server): the verdict is "unknown"
            assert row.get("sources"), label
            for source in row["sources"]:
                assert source.startswith("https://") or source.startswith("corpus/source/"), label


def test_an_unknown_enum_value_names_file_row_and_value(compat_copy: Path) -> None:
    _edit(compat_copy / "platforms.yaml", "      windows:\n        status: no\n        reason:\n"
          "          en: GKE Autopilot", "      win:\n        status: no\n        reason:\n"
          "          en: GKE Autopilot")  # fmt: skip
    with pytest.raises(CorpusInvalid) as caught:
        CompatEngine.load(compat_copy)
    assert caught.value.message == (
        "corpus/compat/platforms.yaml: row 'gke-autopilot': unknown os 'win'"
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("platforms.yaml", "          - {version: ws2019}\n          - {version: ws2022}\n"
         "          - version: ws2025\n            status: unconfirmed",
         "          - {version: ws2030}\n          - {version: ws2022}\n"
         "          - version: ws2025\n            status: unconfirmed",
         "row 'gke-standard': unknown host version 'ws2030'"),
        ("workloads.yaml", "base_images: [dotnet-framework-runtime,", "base_images: [nano,",
         "row 'dotnet-framework': unknown base image 'nano'"),
        ("matrix.yaml", "  - host: ws2025\n    image: ws2025\n    process: yes",
         "  - host: ws2025\n    image: ws2025\n    process: maybe",
         "row 'ws2025-ws2025': unknown status 'maybe'"),
        ("hosts.yaml", "    build: \"10.0.17763\"\n", "    build: \"10.0.17763\"\n    colour: blue\n",
         "row 'ws2019': unexpected field 'colour'"),
        ("lexicon.yaml", "{type: platform, id: cloud-run,", "{type: platform, id: cloud-walk,",
         "entry 'cloud-walk': unknown platform 'cloud-walk'"),
    ],
)  # fmt: skip
def test_bad_rows_fail_at_load_with_the_reason(
    compat_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    _edit(compat_copy / file, old, new)
    with pytest.raises(CorpusInvalid, match=re.escape(f"corpus/compat/{file}: {expected}")):
        CompatEngine.load(compat_copy)


def test_a_fact_row_without_sources_is_rejected(compat_copy: Path) -> None:
    _edit(compat_copy / "platforms.yaml", "    sources: [*CLOUD_RUN]\n", "    sources: []\n")
    with pytest.raises(CorpusInvalid, match="row 'cloud-run': .*needs at least one source"):
        CompatEngine.load(compat_copy)


def test_missing_or_broken_files_are_reported(compat_copy: Path) -> None:
    (compat_copy / "editions.yaml").unlink()
    with pytest.raises(CorpusInvalid, match="corpus/compat/editions.yaml: missing"):
        CompatEngine.load(compat_copy)
    (compat_copy / "editions.yaml").write_text("rows: [unclosed", encoding="utf-8")
    with pytest.raises(CorpusInvalid, match="editions.yaml: not valid YAML"):
        CompatEngine.load(compat_copy)
    with pytest.raises(CorpusInvalid, match="folder not found"):
        CompatEngine.load(compat_copy / "nope")


def test_version_is_a_content_hash(compat_copy: Path) -> None:
    before = CompatEngine.load(compat_copy).version()
    assert before == CompatEngine.load(REPO_COMPAT).version()
    _edit(compat_copy / "messages.yaml", 'list_or: {en: " or "', 'list_or: {en: " or else "')
    assert CompatEngine.load(compat_copy).version() != before


EXTRA_PLATFORM = """
  - id: nomadic-cloud
    name: {en: Nomadic Cloud, ko: 노매딕 클라우드}
    vendor: nomadic
    aliases: {en: [Nomadic Cloud, NomadicCloud], ko: [노매딕 클라우드]}
    summary:
      en: Nomadic Cloud (a test row) runs Linux containers only.
      ko: Nomadic Cloud(테스트 행)는 리눅스 컨테이너만 실행합니다.
    os:
      linux: {status: yes}
      windows:
        status: no
        reason:
          en: Nomadic Cloud runs Linux containers only.
          ko: Nomadic Cloud는 리눅스 컨테이너만 실행합니다.
    sources: [https://example.com/nomadic-cloud/docs]
    checked: 2026-11-28
"""


def test_adding_a_platform_is_adding_a_row(compat_copy: Path) -> None:
    with (compat_copy / "platforms.yaml").open("a", encoding="utf-8") as handle:
        handle.write(EXTRA_PLATFORM)
    engine = CompatEngine.load(compat_copy, today=CHECKED)

    query = engine.understand("Can I run a Windows container on Nomadic Cloud?")
    assert query.platform == "nomadic-cloud" and query.unknown_platforms == []
    decision = engine.decide(query, "en")
    assert decision is not None
    assert decision.verdict.status == "no"
    assert decision.verdict.reasons == ["Nomadic Cloud runs Linux containers only."]
    assert decision.evidence[0].url == "https://example.com/nomadic-cloud/docs"

    korean = engine.decide(engine.understand("노매딕 클라우드에서 nginx를 실행할 수 있나요?"), "ko")
    assert korean is not None and korean.verdict.status == "yes"

    # Without the row, the same name is an unknown platform, not a guess.
    before = CompatEngine.load(REPO_COMPAT, today=CHECKED)
    unknown = before.understand("Can I run a Windows container on Nomadic Cloud?")
    assert unknown.platform is None and unknown.unknown_platforms == ["Nomadic Cloud"]
    decision = before.decide(unknown, "en")
    assert decision is not None and decision.verdict.status == "unknown"
    assert "Nomadic Cloud" in decision.verdict.missing[0]


def test_a_yes_with_conditions_is_rejected(compat_copy: Path) -> None:
    _edit(
        compat_copy / "platforms.yaml",
        "      linux:\n        status: conditional\n        conditions:\n          - en: Build the image",
        "      linux:\n        status: yes\n        conditions:\n          - en: Build the image",
    )
    with pytest.raises(CorpusInvalid, match="row 'lambda': .*status 'yes' cannot have conditions"):
        CompatEngine.load(compat_copy)
