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
    # Romana: a CNI the tables do not name (Cilium, once the example here, is a row now).
    for question in (
        "RKE2에서 CNI를 Romana로 쓰고 있는데 윈도우 에이전트 노드를 붙일 수 있나요?",
        "We run RKE2 with Romana. Can we join Windows agents?",
    ):
        query = engine.understand(question)
        assert "romana" in query.unplaced, question
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


@pytest.mark.parametrize(
    "question",
    [
        "Host reports 10.0.17763.5830, the image was built months ago on 10.0.20348.1. Process isolation fine?",
        "We run on Windows Server 2019 and on Windows Server 2022. Process isolation ok?",
    ],
)
def test_two_host_versions_and_no_image_settle_nothing(engine: CompatEngine, question: str) -> None:
    query = engine.understand(question)
    assert len(query.conflicts) == 2
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "unknown"


@pytest.mark.parametrize(
    ("question", "host", "image"),
    [
        (
            "container host reports build 26100, our image layer is 10.0.20348. Process isolation?",
            "ws2025",
            "ws2022",
        ),
        (
            "Our image layer is 10.0.26100 and the host reports build 20348. Process isolation?",
            "ws2022",
            "ws2025",
        ),
        (
            "Our container host is Windows Server, version 23H2. Can it run ltsc2022 images?",
            "ws23h2",
            "ws2022",
        ),
    ],
)
def test_what_the_host_reports_and_the_layer_is(
    engine: CompatEngine, question: str, host: str, image: str
) -> None:
    query = engine.understand(question)
    assert (query.host_os, query.image_os) == (host, image) and not query.conflicts


@pytest.mark.parametrize(
    "question",
    [
        "Can I run a Linux image while Docker Desktop is in Windows containers mode?",
        "My Linux container won't start while Docker Desktop is in Windows container mode. Can it?",
        "도커 데스크탑을 윈도우 컨테이너 모드로 두면 리눅스 이미지도 실행되나요?",
        "Docker Desktop 리눅스 컨테이너 모드에서 윈도우 이미지 돌릴 수 있어요?",
    ],
)
def test_an_image_of_the_other_mode_on_docker_desktop(engine: CompatEngine, question: str) -> None:
    language = "ko" if any("가" <= ch <= "힣" for ch in question) else "en"
    decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "no"


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("I switched Docker Desktop to Windows containers. Can I run my Linux image now?", "en"),
        ("Docker Desktop is in Windows containers mode. Can I run a Linux image?", "en"),
        ("Docker Desktop runs Linux containers right now. Can I start a Windows container?", "en"),
        ("도커 데스크탑을 윈도우 컨테이너로 전환했어요. 리눅스 이미지 실행돼요?", "ko"),
    ],
)
def test_a_mode_stated_before_the_question_on_a_one_os_place(
    engine: CompatEngine, question: str, language: str
) -> None:
    query = engine.understand(question)
    assert "linux-and-windows-at-once" in query.features
    decision = engine.decide(query, language)  # type: ignore[arg-type]
    assert decision is not None and decision.verdict.status == "no"


def test_the_other_os_as_background_elsewhere_is_only_background(engine: CompatEngine) -> None:
    query = engine.understand("Our Linux pods run fine on AKS. Can Windows pods run there too?")
    assert "linux-and-windows-at-once" not in query.features
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "conditional"


def test_the_other_mode_with_no_place_named_is_never_a_yes(engine: CompatEngine) -> None:
    question = "리눅스 이미지를 윈도우 컨테이너 모드에서 바로 실행할 수 있나요?"
    query = engine.understand(question)
    assert "linux-and-windows-at-once" in query.features and not query.conflicts
    decision = engine.decide(query, "ko")
    assert decision is None or decision.verdict.status in ("no", "unknown")


_SERVERS = ("ws2016", "ws2019", "ws2022", "ws2025")


def test_a_host_moved_from_one_version_to_another_is_the_new_one(engine: CompatEngine) -> None:
    """Generated from the matrix: every pair of Windows Server hosts, every image tag, in
    English and Korean; the expected verdict is the new host's process-isolation cell."""
    tables = engine.tables
    wrong = []
    checked = 0
    for old in _SERVERS:
        for new in _SERVERS:
            if old == new:
                continue
            for image in _SERVERS:
                row = tables.matrix.get((new, image))
                if row is None or row.host_from or not tables.hosts[image].tags:
                    continue
                cell = row.process.status
                expected = {"yes", "conditional"} if cell == "yes" else {cell}
                tag = tables.hosts[image].tags[0]
                old_name, new_name = tables.hosts[old].name, tables.hosts[new].name
                for question, language in (
                    (
                        f"We are moving our hosts from {old_name.en} to {new_name.en}. "
                        f"Will {tag} images run with process isolation?",
                        "en",
                    ),
                    (
                        f"호스트를 {old_name.ko}에서 {new_name.ko[-4:]}로 올리면 {tag} 이미지가 "
                        "프로세스 격리로 돌아가나요?",
                        "ko",
                    ),
                ):
                    checked += 1
                    query = engine.understand(question)
                    decision = engine.decide(query, language)  # type: ignore[arg-type]
                    got = decision.verdict.status if decision else None
                    if query.host_os != new or got not in expected:
                        wrong.append(f"{question!r}: host {query.host_os}, {got}, want {expected}")
    assert checked >= 40
    assert not wrong, "\n".join(wrong[:10])
