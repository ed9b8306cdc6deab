"""Feature names with a gap ("upgrade … in place"), names glued to Korean particles, versions
restated in brackets, "X aside", and a name the tables lack next to one they hold."""

from __future__ import annotations

import pytest

from assistant.compat import CompatEngine
from assistant.compat.lexicon import normalize
from assistant.compat.phrases import match_spans, phrase_matches

_FILL = "our existing production"


def _gapped(engine: CompatEngine) -> list[tuple[str, str]]:
    return [
        (alias, feature.id)
        for feature in engine.tables.features.features
        for alias in [*feature.aliases.en, *feature.aliases.ko]
        if "…" in alias
    ]


def test_every_gapped_name_matches_across_a_few_words_not_across_a_sentence(
    engine: CompatEngine,
) -> None:
    gapped = _gapped(engine)
    assert len(gapped) >= 6
    for alias, _ in gapped:
        near = normalize(alias.replace("…", _FILL))
        far = normalize(alias.replace("…", "one. two three"))
        matches = list(phrase_matches(alias, near))
        assert matches, alias
        covered = "".join(near[a:b] for m in matches for a, b in match_spans(m))
        assert "existing" not in covered, f"{alias}: the gap's words stay to be read"
        assert not list(phrase_matches(alias, far)), f"{alias} matched across a sentence end"


@pytest.mark.parametrize(
    ("question", "feature"),
    [
        (
            "Can we upgrade our existing AKS Windows Server 2022 node pool in place to 2025?",
            "in-place-os-upgrade",
        ),
        (
            "Is there a way to flip the AKS Windows pool from 2022 to 2025 in place?",
            "in-place-os-upgrade",
        ),
        (
            "AKS 윈도우 노드풀을 2022에서 2025로 그 자리에서 업그레이드할 수 있나요?",
            "in-place-os-upgrade",
        ),
        (
            "Can a Windows container on Windows Server 2022 be joined to our AD domain?",
            "domain-join",
        ),
        ("윈도우 컨테이너를 회사 도메인에 바로 조인할 수 있나요?", "domain-join"),
    ],
)
def test_a_gapped_name_is_read_and_decides(
    engine: CompatEngine, question: str, feature: str
) -> None:
    query = engine.understand(question)
    assert feature in query.features and not query.unplaced
    language = "ko" if any("가" <= ch <= "힣" for ch in question) else "en"
    decision = engine.decide(query, language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    "question",
    [
        "우리 노드가 Windows Server 2022인데 개발팀이 FROM을 ltsc2025로 올렸어요. 이거 돌아가나요?",
        "윈도우 11 24H2로 올렸는데 ltsc2025 이미지 하이퍼V 격리로 돼요?",
        "spec.os.name을 windows로 해 두면 윈도우 노드에 배치되나요?",
        "윈10 Pro에서 ltsc2022 이미지 돌아가나요?",
    ],
)
def test_a_latin_word_before_a_korean_particle_is_no_place(
    engine: CompatEngine, question: str
) -> None:
    assert engine.understand(question).unknown_platforms == []


@pytest.mark.parametrize("name", ["Nomad", "Fly.io", "Hetzner Cloud"])
def test_an_unknown_place_before_a_place_particle_is_still_reported(
    engine: CompatEngine, name: str
) -> None:
    for question in (
        f"{name}에서 윈도우 컨테이너 돌릴 수 있나요?",
        f"{name}로 윈도우 컨테이너 배포 가능?",
    ):
        query = engine.understand(question)
        assert query.unknown_platforms == [name], question
        decision = engine.decide(query, "ko")
        assert decision is not None and decision.verdict.status == "unknown"


def test_an_unknown_name_next_to_a_known_platform_is_left_unplaced(engine: CompatEngine) -> None:
    for question in (
        "RKE2에서 CNI를 Cilium으로 쓰고 있는데 윈도우 에이전트 노드를 붙일 수 있나요?",
        "We run RKE2 with Cilium. Can we join Windows agents?",
    ):
        query = engine.understand(question)
        assert "cilium" in query.unplaced, question
        decision = engine.decide(query, "ko")
        assert decision is not None and decision.verdict.status == "unknown"


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        (
            "Our agents are 1809 boxes (10.0.17763). We got an image built on ltsc2022. Will it start there with Hyper-V isolation?",
            "ws2019",
            "ws2022",
        ),
        (
            "The hosts are 2022 machines (build 20348), the image is ltsc2019. Process isolation ok?",
            "ws2022",
            "ws2019",
        ),
        (
            "호스트는 2019 서버 (17763)이고 이미지는 ltsc2022 기반이에요. 하이퍼V 격리로 돌아가나요?",
            "ws2019",
            "ws2022",
        ),
    ],
)
def test_a_version_restated_in_brackets_keeps_the_role(
    engine: CompatEngine, question: str, host: str, image: str
) -> None:
    query = engine.understand(question)
    assert (query.host_os, query.image_os) == (host, image)


@pytest.mark.parametrize(
    "question",
    [
        "GKE Standard aside — can a Windows Server Core image run on Cloud Run?",
        "Aside from GKE, can Cloud Run run Windows containers?",
        "Apart from GKE Standard, is there a way to run a servercore image on Cloud Run?",
    ],
)
def test_a_place_set_aside_is_not_the_subject(engine: CompatEngine, question: str) -> None:
    query = engine.understand(question)
    assert query.platform == "cloud-run"
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "no"


def test_both_oses_at_once_on_a_family_whose_other_members_run_no_windows(
    engine: CompatEngine,
) -> None:
    for question, language in (
        ("Can I run Linux and Windows containers at the same time with Docker Desktop?", "en"),
        ("도커 데스크탑에서 리눅스 컨테이너랑 윈도우 컨테이너를 동시에 돌릴 수 있나요?", "ko"),
    ):
        decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
        assert decision is not None and decision.verdict.status == "no", question
