"""Readings checked against the tables for every platform, not one phrasing per fact.

Each test asks a plain question first and takes its verdict as the truth, then asks the same
thing the way strangers do (a statement about another platform first, a hypothetical port, a
stated Kubernetes version, two OSes in one breath) and checks the verdict did not move the wrong
way: the subject is the asked platform, the ported app, and an unplaced version or a conflict
is `unknown`, never the generic yes.
"""

from __future__ import annotations

from itertools import permutations

import pytest

from assistant.compat import CompatEngine


def _status(engine: CompatEngine, question: str, language: str = "en") -> str | None:
    decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
    return decision.verdict.status if decision else None


def _windows_verdicts(engine: CompatEngine) -> dict[str, tuple[str, str | None]]:
    """Platform id -> (English name, verdict of the plain Windows-container question)."""
    out = {}
    for platform in engine.tables.platforms.values():
        name = platform.name.en
        out[platform.id] = (name, _status(engine, f"Can {name} run Windows containers?"))
    return out


def _differing_pairs(engine: CompatEngine) -> list[tuple[str, str, str, str | None]]:
    verdicts = _windows_verdicts(engine)
    pairs = []
    for a, b in permutations(verdicts, 2):
        (name_a, verdict_a), (name_b, verdict_b) = verdicts[a], verdicts[b]
        if verdict_a != verdict_b and verdict_b is not None:
            pairs.append((name_a, name_b, b, verdict_b))
    return pairs


STATED_FIRST_EN = [
    "{a} runs our Windows containers fine. Will {b} run Windows containers?",
    "{a} can't do Windows containers, fine. Can {b} run Windows containers?",
    "We run Windows containers on {a}, but can {b} run Windows containers?",
]
STATED_FIRST_KO = [
    "{a}에서는 윈도우 컨테이너가 되던데, {b}에서도 윈도우 컨테이너가 되나요?",
    "{a}는 안 되는 거 아는데 {b}에서는 윈도우 컨테이너 돼요?",
]


@pytest.mark.parametrize("template", STATED_FIRST_EN + STATED_FIRST_KO)
def test_a_platform_stated_before_the_question_is_context(
    engine: CompatEngine, template: str
) -> None:
    pairs = _differing_pairs(engine)
    assert len(pairs) > 100
    language = "ko" if any("가" <= c <= "힣" for c in template) else "en"
    wrong = []
    for name_a, name_b, _b, expected in pairs:
        question = template.format(a=name_a, b=name_b)
        got = _status(engine, question, language)
        if got != expected:
            wrong.append((question, expected, got, engine.read(question).context))
    assert wrong == [], f"{len(wrong)} of {len(pairs)}: {wrong[:5]}"


def test_a_ported_app_is_judged_as_what_it_becomes(engine: CompatEngine) -> None:
    wrong = []
    for platform in engine.tables.platforms.values():
        name = platform.name.en
        expected = _status(engine, f"Can a .NET 10 app run on {name}?")
        for question in (
            f"If we port our .NET Framework 4.8 app to .NET 10, can it run on {name}?",
            f"Once we migrate our WCF service to .NET 10, will it run on {name}?",
        ):
            got = _status(engine, question)
            if got != expected:
                wrong.append((question, expected, got))
    assert wrong == []


@pytest.mark.parametrize(
    "template",
    [
        "Our cluster is on Kubernetes 1.29. Can {b} run Windows containers?",
        "We're on k8s 1.24 with {b}. Can it run Windows containers?",
        "쿠버네티스 1.27 쓰는데 {b}에서 윈도우 컨테이너 되나요?",
    ],
)
def test_a_stated_kubernetes_version_is_never_dropped(engine: CompatEngine, template: str) -> None:
    """No row bounds a Kubernetes version today: the answer is unknown (or a no that holds for
    every version), and the reading shows the version."""
    language = "ko" if "쿠버" in template else "en"
    wrong = []
    for platform in engine.tables.platforms.values():
        question = template.format(b=platform.name.en)
        got = _status(engine, question, language)
        if got not in ("unknown", "no"):
            wrong.append((question, got))
        if not engine.understand(question).versions:
            wrong.append((question, "version not read"))
    assert wrong == []


@pytest.mark.parametrize(
    "question",
    [
        "Can a Linux container run a Windows .exe?",
        "Can I run a Windows container image inside a Linux container?",
        # (A Linux image "in Windows containers mode" is Docker Desktop's mode fact:
        # test_gaps_and_names.py.)
    ],
)
def test_two_container_oses_in_one_question_are_not_answered_for_one(
    engine: CompatEngine, question: str
) -> None:
    query = engine.understand(question)
    assert len(query.conflicts) == 2
    assert _status(engine, question, "ko" if "리눅스" in question else "en") == "unknown"


def test_a_mixed_pod_names_both_oses_and_is_answered(engine: CompatEngine) -> None:
    for question in (
        "Can I put an IIS container and a Linux sidecar in one pod?",
        "윈도우 IIS 컨테이너랑 리눅스 사이드카를 한 파드에 같이 넣을 수 있어요?",
    ):
        assert engine.understand(question).workload == "mixed-os-pod"
        assert _status(engine, question) == "no"
