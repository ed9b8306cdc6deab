"""Follow-ups inside one conversation reuse what the earlier question named, in English and
Korean, after a round trip through JSON (the lead stores the previous query in SQLite)."""

from __future__ import annotations

from assistant.compat import CompatEngine, CompatQuery


def _turns(engine: CompatEngine, *questions: str) -> CompatQuery:
    previous: CompatQuery | None = None
    for question in questions:
        query = engine.understand(question, previous)
        # What the chain stores and hands back.
        previous = CompatQuery.model_validate_json(query.model_dump_json())
    assert previous is not None
    return previous


def test_what_about_another_platform_keeps_the_workload(engine: CompatEngine) -> None:
    query = _turns(engine, "Can I run my .NET Framework app on GKE?", "what about EKS?")
    assert (query.workload, query.platform, query.is_compat_question) == (
        "dotnet-framework",
        "eks",
        True,
    )
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "conditional"
    assert (
        decision.verdict.conditions[0]
        == "Use EKS with EC2 nodes, not EKS on Fargate or EKS Auto Mode."
    )


def test_korean_follow_up_keeps_the_workload(engine: CompatEngine) -> None:
    query = _turns(engine, "GKE에서 닷넷 프레임워크 앱을 돌릴 수 있나요?", "EKS는요?")
    assert (query.workload, query.platform) == ("dotnet-framework", "eks")
    decision = engine.decide(query, "ko")
    assert decision is not None and decision.verdict.status == "conditional"
    assert "EKS (EC2 노드)" in decision.verdict.conditions[0]


def test_isolation_follow_up_keeps_host_and_image(engine: CompatEngine) -> None:
    first = "Can a Windows Server 2022 host run an ltsc2019 image with process isolation?"
    assert engine.decide(engine.understand(first), "en").verdict.status == "no"  # type: ignore[union-attr]
    query = _turns(engine, first, "and with Hyper-V isolation?")
    assert (query.host_os, query.image_os, query.isolation) == ("ws2022", "ws2019", "hyperv")
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "conditional"

    korean = _turns(
        engine,
        "Windows Server 2022 호스트에서 ltsc2019 이미지를 프로세스 격리로 실행할 수 있나요?",
        "Hyper-V 격리라면?",
    )
    assert (korean.host_os, korean.image_os, korean.isolation) == ("ws2022", "ws2019", "hyperv")


def test_a_family_follow_up_narrows_to_the_shared_platform(engine: CompatEngine) -> None:
    query = _turns(engine, "Does EKS support Windows nodes?", "and on Fargate?")
    assert query.platform == "eks-fargate"
    assert engine.decide(query, "en").verdict.status == "no"  # type: ignore[union-attr]
    korean = _turns(engine, "EKS에서 윈도우 노드 지원해요?", "Fargate는 어때요?")
    assert korean.platform == "eks-fargate"


def test_a_version_follow_up_stays_on_the_platform(engine: CompatEngine) -> None:
    query = _turns(
        engine, "Is Windows Server 2022 supported on ECS Fargate?", "and Windows Server 2025?"
    )
    assert (query.platform, query.host_os) == ("ecs-fargate", "ws2025")
    decision = engine.decide(query, "en")
    assert decision is not None and decision.verdict.status == "unknown"


def test_a_contradicting_follow_up_drops_the_old_subject(engine: CompatEngine) -> None:
    query = _turns(
        engine, "Can I run my .NET Framework app on GKE?", "What about Linux containers?"
    )
    assert (query.workload, query.container_os, query.platform) == (None, "linux", "gke")
    assert engine.decide(query, "en").verdict.status == "yes"  # type: ignore[union-attr]


def test_a_new_complete_question_stands_alone(engine: CompatEngine) -> None:
    query = _turns(
        engine,
        "Can a Windows Server 2022 host run an ltsc2019 image?",
        "Can I run nginx on Cloud Run?",
    )
    assert query.model_dump(exclude_defaults=True) == {
        "workload": "nginx",
        "platform": "cloud-run",
        "is_compat_question": True,
    }
    # A new what-is question inherits nothing and gets no verdict.
    query = _turns(engine, "Can I run my .NET Framework app on GKE?", "What is nanoserver?")
    assert query.platform is None and engine.decide(query, "en") is None


def test_a_general_word_counts_inside_a_conversation(engine: CompatEngine) -> None:
    # "arm64" alone names nothing; after a compatibility question it is the new architecture.
    assert engine.understand("and on arm64?").is_empty()
    query = _turns(engine, "Can I run nginx on Cloud Run?", "and on arm64?")
    assert (query.workload, query.platform, query.arch) == ("nginx", "cloud-run", "arm64")
    assert engine.decide(query, "en").verdict.status == "no"  # type: ignore[union-attr]


def test_a_generic_host_follow_up_keeps_the_platform_that_installs_on_it(
    engine: CompatEngine,
) -> None:
    # Docker Desktop for Windows installs on Windows 10 and 11; "a Windows machine" stands for
    # those too, so the follow-up stays on Docker Desktop (the extractor once dropped it while
    # the reasoner, asked the same thing, said it fits: one rule now, in facts.py).
    first = "Does Docker Desktop for Windows run Windows containers?"
    query = _turns(engine, first, "What about Windows containers on a Windows machine?")
    assert (query.platform, query.host_os) == ("docker-desktop-windows", "windows")
    linux = _turns(engine, first, "How about Linux containers on a Windows machine?")
    assert (linux.platform, linux.container_os) == ("docker-desktop-windows", "linux")


def test_a_host_the_platform_does_not_install_on_drops_it(engine: CompatEngine) -> None:
    query = _turns(
        engine,
        "Does Docker Desktop for Windows run Windows containers?",
        "What about Windows containers on a Mac?",
    )
    assert query.host_os == "macos"
    assert query.platform is None
