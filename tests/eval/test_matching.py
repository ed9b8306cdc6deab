"""Term matching: what counts as a term being in the answer."""

from __future__ import annotations

import pytest

from eval.matching import (
    contains_term,
    forbidden_hits,
    identifiers,
    normalize,
    sentences_citing,
    text_language,
)


def test_normalize_strips_markdown_case_and_hyphens() -> None:
    assert normalize("**Yes, with `Hyper-V`**  isolation") == "yes, with hyper v isolation"


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("Use a Windows node pool.", "node pool", True),
        ("Use Windows node pools.", "node pool", True),  # plural
        ("Linux namespaces and cgroups", "namespace", True),
        ("It is not supported", "port", False),  # must start a word
        ("Windows Server 2022", "2", False),  # numbers end strictly
        ("up to 2 Hyper-V containers", "2", True),
        ("최대 2개까지", "2", True),
        ("Kubernetes 1.320", "1.32", False),
        ("run with --isolation=hyperv", "--isolation=hyperv", True),
        ("run with Hyper-V isolation", "Hyper-V", True),
        ("run with Hyper-V isolation", "hyperv", False),
        ("GKE Standard의 윈도우 노드 풀", "노드 풀", True),
    ],
)
def test_contains_term(text: str, term: str, expected: bool) -> None:
    assert contains_term(text, term) is expected


def test_forbidden_substring_and_anchored_regex() -> None:
    claims = ["Autopilot supports Windows", "re:^\\W*yes\\b"]
    assert forbidden_hits("**No.** Autopilot does not support Windows.", claims) == []
    assert forbidden_hits("**Yes.** Autopilot supports Windows nodes.", claims) == claims
    assert forbidden_hits("No. Yes-men aside, it is not possible.", claims) == []
    assert forbidden_hits("네, 가능합니다.", ["re:^\\W*(yes|네|예)\\b"]) != []
    assert forbidden_hits("네트워크 설정이 필요합니다.", ["re:^\\W*(yes|네|예)\\b"]) == []


def test_text_language_reads_the_headline() -> None:
    assert text_language("**아니요.** GKE Autopilot은 Windows를 지원하지 않습니다.\nquote") == "ko"
    assert text_language("**No.** Autopilot is Linux only.\n리눅스 컨테이너 ...") == "en"
    assert text_language("") == "en"


def test_sentences_citing_and_identifiers() -> None:
    text = "Use GKE Standard [1]. The build is 20348 [1][2].\nSee ltsc2022 [3]"
    cites = sentences_citing(text)
    assert sorted(cites) == [1, 2, 3]
    assert len(cites[1]) == 2
    assert identifiers("The build is 20348 [1][2].") == {"20348"}
    assert "mcr.microsoft.com/windows/servercore:ltsc2022" in identifiers(
        "Pull mcr.microsoft.com/windows/servercore:ltsc2022 [1]"
    )
