"""Background and comparison: an OS named in a sentence before the question, or compared with
("리눅스 파드처럼", "just like Linux pods"), is not a second subject; both in one asking sentence
still are."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine


@pytest.mark.parametrize(
    "question",
    [
        "Linux pods set file ownership with fsGroup. Can a Windows pod set fsGroup too?",
        "Our Linux services run on EKS already. Can Windows pods on EKS use hostNetwork?",
        "리눅스 파드처럼 윈도우 파드 securityContext에도 fsGroup 넣을 수 있나요?",
        "Just like Linux pods, can Windows pods on AKS set fsGroup?",
    ],
)
def test_a_background_or_compared_os_is_not_a_conflict(engine: CompatEngine, question: str) -> None:
    query = engine.understand(question)
    assert query.conflicts == []
    assert query.container_os == "windows"


@pytest.mark.parametrize(
    "question",
    [
        "Can a Linux container run a Windows .exe?",
        "Can a Linux container host run a Windows container?",
    ],
)
def test_two_oses_in_the_asking_sentence_still_conflict(
    engine: CompatEngine, question: str
) -> None:
    assert engine.understand(question).conflicts


def test_korean_takes_effect_asks_for_a_verdict(engine: CompatEngine) -> None:
    decision = engine.decide(
        engine.understand("윈도우 파드에 readOnlyRootFilesystem: true 설정이 먹히나요?"), "ko"
    )
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    ("question", "asked", "ruled_out"),
    [
        (
            "Our container hosts aren't domain-joined (Windows Server 2022). Can gMSA still work?",
            "gmsa",
            "domain-join",
        ),
        ("Can we run Windows pods on AKS without hostNetwork?", None, "host-networking"),
        ("gMSA 없이 AKS 윈도우 파드 돌릴 수 있나요?", None, "gmsa"),
    ],
)
def test_a_ruled_out_feature_is_not_asked_about(
    engine: CompatEngine, question: str, asked: str | None, ruled_out: str
) -> None:
    features = engine.understand(question).features
    assert ruled_out not in features
    assert asked is None or asked in features


def test_gmsa_on_hosts_that_are_not_domain_joined_is_not_a_no(engine: CompatEngine) -> None:
    question = (
        "Our container hosts aren't domain-joined (Windows Server 2022). Can gMSA still work?"
    )
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status in ("yes", "conditional")
