"""Corpus mining: every restrictive sentence is a feature fact or a waiver, and the detector."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS

from assistant.compat.feature_schema import load_feature_table
from assistant.errors import CorpusInvalid
from eval.mining import (
    coverage,
    detect,
    is_restrictive,
    load_waivers,
    normalise,
    render_coverage,
    split_sentences,
)


def test_every_restrictive_sentence_of_the_corpus_is_a_fact_or_a_waiver() -> None:
    cov = coverage(REPO_CORPUS)
    unlisted = [f"{s.path}:{s.line}: {s.text}" for s in cov.unlisted]
    assert not unlisted, "add a row to features.yaml or a waiver:\n" + "\n".join(unlisted)
    assert cov.detected and cov.by_fact and cov.rate == 1.0


def test_no_waiver_is_stale_and_named_facts_exist() -> None:
    cov = coverage(REPO_CORPUS)
    assert not cov.stale, [f"{q.note}: {q.quote}" for q in cov.stale]
    facts = {fact.id for fact in load_feature_table(REPO_CORPUS / "compat/features.yaml").facts}
    waivers = load_waivers(REPO_CORPUS / "compat").waivers
    for waiver in waivers:
        if waiver.reason in {"folded", "duplicate"}:
            assert waiver.fact in facts, f"waiver for '{waiver.quote[:60]}' names no known fact"
        elif waiver.fact is not None:
            assert waiver.fact in facts


@pytest.mark.parametrize(
    "sentence",
    [
        "Windows nodes on EKS do not support IPv6, security groups for pods or custom networking.",
        'AWS: "Windows containers aren\'t supported for Amazon EKS Pods on Fargate."',
        "A Windows container image cannot be deployed to a GKE Autopilot cluster.",
        "Azure Container Instances supports x64 (AMD64) container images only.",
        "HostProcess containers on AKS need Kubernetes 1.23+ and containerd 1.6+.",
        "`terminationGracePeriod` on Windows requires containerd.",
        "AWS App Runner no longer accepts new customers.",
        "Windows node pool names are limited to 6 characters.",
        'AKS "Windows Server Annual Channel (Preview)" node pools are unsupported from 2026-05-15.',
        "리눅스 이미지는 Windows 컨테이너 모드에서 실행 불가",
        "GKE는 Hyper-V 컨테이너를 지원하지 않습니다.",
        "Windows 노드에서는 특권 컨테이너가 지원되지 않음",
        "한 파드에 Windows와 리눅스 컨테이너를 섞을 수 없습니다.",
        "Windows 컨테이너는 프로세스 격리로만 실행됩니다.",
        "Windows Server 2022 노드에는 KB5012637이 필요합니다.",
        "모드를 전환해서 사용해야 함",
    ],
)
def test_detects_restrictive_sentences(sentence: str) -> None:
    assert is_restrictive(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Azure App Service can run custom Windows containers.",
        "Windows node pools and Linux node pools can share one GKE cluster.",
        "Namespaces are the first form of isolation for a Linux container.",
        "Another note covers the Nano Server image and its knowledge base.",
        "Calico for Windows supports AKS clusters that use Azure CNI.",
        "Windows Server 2016 이후부터 컨테이너 지원",
        "리눅스 컨테이너는 호스트 커널을 공유하여 실행하므로 가볍고 빠릅니다.",
        "이미지를 만들어 레지스트리에 올릴 수 있습니다.",
        "Hyper-V 기반 격리 사용 가능",
    ],
)
def test_does_not_detect_plain_statements(sentence: str) -> None:
    assert not is_restrictive(sentence)


def test_splits_paragraphs_lists_and_tables_into_units() -> None:
    markdown = "\n".join(
        [
            "---",
            'title: "Front matter: not mined"',
            "---",
            "# A heading that does not count",
            "",
            "GKE does not support ext4, e.g. for persistent disks. Use NTFS instead.",
            'AWS: "Pods on Fargate aren\'t supported." Windows pods need EC2 nodes.',
            "",
            "- first item cannot wrap",
            "- second item",
            "",
            "| Platform | Rule |",
            "| --- | --- |",
            "| Lambda | Linux only |",
        ]
    )
    units = split_sentences(markdown)
    assert units == [
        (6, "GKE does not support ext4, e.g. for persistent disks."),
        (6, "Use NTFS instead."),
        (6, 'AWS: "Pods on Fargate aren\'t supported."'),
        (6, "Windows pods need EC2 nodes."),
        (9, "first item cannot wrap"),
        (10, "second item"),
        (12, "Platform | Rule"),
        (14, "Lambda | Linux only"),
    ]


def test_korean_seed_table_rows_are_units_with_emphasis_dropped_for_matching() -> None:
    seed = (REPO_CORPUS / "source/linux-vs-windows-containers.ko.md").read_text(encoding="utf-8")
    rows = [text for _, text in split_sentences(seed) if "호환 실행" in text]
    assert len(rows) == 1 and is_restrictive(rows[0])
    assert normalise(rows[0]).startswith("호환 실행 | Windows에서 직접 실행 불가")


def _tmp_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS / "compat", corpus / "compat")
    (corpus / "notes").mkdir()
    (corpus / "source").mkdir()
    for path in [*(REPO_CORPUS / "notes").glob("*.md"), *(REPO_CORPUS / "source").glob("*.md")]:
        shutil.copy(path, corpus / path.parent.name / path.name)
    return corpus


def test_an_unlisted_sentence_is_reported_with_file_and_line(tmp_path: Path) -> None:
    corpus = _tmp_corpus(tmp_path)
    note = corpus / "notes/gke.md"
    note.write_text(
        note.read_text(encoding="utf-8") + "\nGKE Windows nodes do not support SCTP.\n",
        encoding="utf-8",
    )
    cov = coverage(corpus)
    assert [(s.path, s.text) for s in cov.unlisted] == [
        ("corpus/notes/gke.md", "GKE Windows nodes do not support SCTP.")
    ]
    line = note.read_text(encoding="utf-8").splitlines().index(cov.unlisted[0].text) + 1
    assert cov.unlisted[0].line == line
    report = render_coverage(cov)
    assert "1 unlisted" in report
    assert f"unlisted corpus/notes/gke.md:{line}: GKE Windows nodes do not support SCTP." in report


def test_a_waiver_whose_sentence_left_the_corpus_is_stale(tmp_path: Path) -> None:
    corpus = _tmp_corpus(tmp_path)
    note = corpus / "notes/docker-swarm.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("Each Windows node in a Docker Swarm needs", "Windows nodes use"))
    cov = coverage(corpus)
    assert not cov.unlisted
    assert [q.note for q in cov.stale] == ["corpus/notes/docker-swarm.md"]
    assert "stale waiver (platform-conditions)" in render_coverage(cov)


def test_a_waiver_with_an_unknown_reason_fails_with_the_file(tmp_path: Path) -> None:
    corpus = _tmp_corpus(tmp_path)
    waivers = corpus / "compat/mining_waivers.yaml"
    waivers.write_text(
        waivers.read_text(encoding="utf-8").replace("reason: vague", "reason: because", 1),
        encoding="utf-8",
    )
    with pytest.raises(CorpusInvalid, match=r"mining_waivers\.yaml: waiver #\d+: unknown reason"):
        coverage(corpus)


def test_detected_sentences_carry_corpus_paths() -> None:
    found = detect(REPO_CORPUS)
    assert {s.path.split("/")[1] for s in found} == {"notes", "source"}
    assert all(s.line > 0 for s in found)
