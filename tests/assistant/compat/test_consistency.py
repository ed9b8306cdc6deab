"""The consistency check: a verdict is not led with while a cited sentence says the opposite.

The passages are real paragraphs of the corpus notes; the wrong verdicts are what a wrong or
too-coarse table row would produce (the repo's rows agree with their notes, which the last test
checks over every generated question).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.compat import CompatEngine, Decision
from assistant.ingest.chunking import Chunk
from assistant.search.retrieval import Passage

NOTES = Path(__file__).resolve().parents[3] / "corpus" / "notes"
REPO_COMPAT = NOTES.parent / "compat"


def paragraph(note: str, starts: str) -> str:
    text = (NOTES / note).read_text(encoding="utf-8")
    return next(p for p in text.split("\n\n") if p.startswith(starts))


def passage(text: str, language: str = "en", kind: str = "text") -> Passage:
    chunk = Chunk(
        id=f"c-{abs(hash(text)) % 10**8}",
        source="corpus/notes/test.md",
        title="t",
        section="s",
        text=text,
        url=None,
        language=language,  # type: ignore[arg-type]
        kind=kind,
    )
    return Passage(chunk=chunk, score=1.0, similarity=0.9, lexical=1.0)


def decided(engine: CompatEngine, question: str, status: str, language: str = "en") -> Decision:
    """The engine's decision for the question, with its status forced to a (wrong) value."""
    decision = engine.decide(engine.understand(question), language)  # type: ignore[arg-type]
    assert decision is not None
    verdict = decision.verdict.model_copy(update={"status": status})
    return Decision(verdict=verdict, evidence=decision.evidence)


GKE_EXT4 = paragraph("gke.md", "Windows nodes on GKE do not support ext4")
AUTOPILOT = paragraph("gke.md", "GKE Autopilot does not offer")


def check(engine: CompatEngine, question: str, status: str, text: str, language: str = "en"):
    decision = decided(engine, question, status, language)
    query = engine.understand(question)
    return engine.check_passages(decision, query, [passage(text, language)], language)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "question",
    [
        "Can Windows pods on GKE use ext4 volumes?",
        "our GKE cluster has Windows nodes - will an ext4 formatted PD work there?",
    ],
)
def test_a_yes_under_a_denying_sentence_is_not_led_with(
    engine: CompatEngine, question: str
) -> None:
    checked = check(engine, question, "yes", GKE_EXT4)
    assert checked.verdict.status == "unknown"
    assert checked.verdict.contradicted_by
    assert "do not support ext4" in checked.verdict.missing[0]
    assert "supported" in checked.verdict.missing[0]  # names what the tables said


def test_the_right_verdict_passes_untouched(engine: CompatEngine) -> None:
    question = "Can Windows pods on GKE use ext4 volumes?"
    decision = engine.decide(engine.understand(question), "en")
    assert decision is not None and decision.verdict.status == "no"
    checked = engine.check_passages(
        decision, engine.understand(question), [passage(GKE_EXT4)], "en"
    )
    assert checked == decision


def test_a_denial_of_the_whole_platform_speaks_for_a_workload_on_it(engine: CompatEngine) -> None:
    # "cannot be deployed to a GKE Autopilot cluster" answers the .NET Framework question too.
    checked = check(engine, "Can I run a .NET Framework app on GKE Autopilot?", "yes", AUTOPILOT)
    assert checked.verdict.status == "unknown"


def test_a_sentence_about_a_member_does_not_answer_for_the_family(engine: CompatEngine) -> None:
    checked = check(engine, "Can I run Windows containers on GKE?", "conditional", AUTOPILOT)
    assert checked.verdict.status == "conditional"


def test_a_broader_affirmation_does_not_overturn_a_specific_no(engine: CompatEngine) -> None:
    ecs = paragraph("ecs.md", "Amazon Elastic Container Service (ECS) runs Windows containers")
    checked = check(engine, "Can we run Windows tasks on ECS Fargate with ARM64?", "no", ecs)
    assert checked.verdict.status == "no"


def test_a_narrower_denial_does_not_answer_a_question_without_that_feature(
    engine: CompatEngine,
) -> None:
    checked = check(engine, "Can I run Windows containers on GKE?", "conditional", GKE_EXT4)
    assert checked.verdict.status == "conditional"


def test_a_sentence_with_a_condition_is_not_a_denial(engine: CompatEngine) -> None:
    text = "Windows nodes on GKE do not support ext4 unless the disk is reformatted."
    checked = check(engine, "Can Windows pods on GKE use ext4 volumes?", "yes", text)
    assert checked.verdict.status == "yes"


def test_a_denial_that_names_its_exception_is_not_a_denial(engine: CompatEngine) -> None:
    # The asked pair (a WS2022 image on a WS2025 host, process isolation) is the exception the
    # sentence names: it does not contradict the matrix's yes.
    text = paragraph(
        "dotnet-framework-migration.md", "On Kubernetes and AKS only process isolation"
    )
    question = "Can a Windows Server 2025 host run an ltsc2022 image with process isolation?"
    checked = check(engine, question, "yes", text)
    assert checked.verdict.status == "yes"
    assert not checked.verdict.contradicted_by


def test_a_markdown_table_row_is_not_read_as_one_sentence(engine: CompatEngine) -> None:
    row = "| Windows nodes on GKE | ext4 | not supported |"
    decision = decided(engine, "Can Windows pods on GKE use ext4 volumes?", "yes")
    query = engine.understand("Can Windows pods on GKE use ext4 volumes?")
    checked = engine.check_passages(decision, query, [passage(row, kind="table")], "en")
    assert checked.verdict.status == "yes"


def test_korean_denial_and_korean_message(engine: CompatEngine) -> None:
    question = "Cloud Run에서 윈도우 컨테이너를 돌릴 수 있나요?"
    text = "Cloud Run은 Windows 컨테이너를 지원하지 않습니다. 리눅스 x86_64 실행 파일만 실행됩니다."
    checked = check(engine, question, "yes", text, "ko")
    assert checked.verdict.status == "unknown"
    assert checked.verdict.missing[0].startswith("표에는")


def test_the_pipeline_does_not_lead_with_a_row_its_own_note_denies(
    assistant,
    tmp_path: Path,
    checked,  # type: ignore[no-untyped-def]
) -> None:
    """Wiring, end to end: the real index and retrieval, tables whose GKE ext4 row was flipped
    to "yes" (a wrong row). The answer must not say yes above the note that says no."""
    from assistant.pipeline.assistant import Assistant

    tables = tmp_path / "compat"
    shutil.copytree(REPO_COMPAT, tables)
    features = tables / "features.yaml"
    text = features.read_text(encoding="utf-8")
    row = text.index("id: gke-windows-ext4")
    flipped = text[:row] + text[row:].replace("status: no", "status: yes", 1)
    features.write_text(flipped, encoding="utf-8")
    wrong = CompatEngine.load(tables, today=checked)
    question = "Can Windows pods on GKE use ext4 volumes?"
    wrong_verdict = wrong.decide(wrong.understand(question), "en")
    assert wrong_verdict is not None and wrong_verdict.verdict.status in ("yes", "conditional")

    built = Assistant(
        assistant.settings,
        embeddings=assistant.embeddings,
        index=assistant.index,
        compat=wrong,
        glossary=assistant.glossary,
        conversations=assistant.conversations,
    )
    answer = built.ask(question)
    assert answer.verdict is not None and answer.verdict.status == "unknown"
    assert answer.verdict.contradicted_by
    assert "do not support ext4" in answer.answer
    assert not answer.answer.startswith("**Yes")

    right = assistant.ask(question)  # the repo's row agrees with its note
    assert right.verdict.status == "no" and right.verdict.contradicted_by == []


AKS_WS2022_END = paragraph("aks.md", "AKS support for Windows Server 2022 node pools ends")


@pytest.mark.parametrize(
    "question",
    [
        "We're on AKS 1.36. Can we still add a Windows Server 2022 node pool?",
        "Can AKS run Windows Server 2022 node pools?",
    ],
)
def test_a_sentence_about_one_version_does_not_answer_for_another(
    engine: CompatEngine, question: str
) -> None:
    # "… not supported on Kubernetes 1.37 and later" says nothing of 1.36, nor of a cluster
    # whose version the asker did not state: the row's own bound answers those.
    checked = check(engine, question, "conditional", AKS_WS2022_END)
    assert checked.verdict.status == "conditional"


def test_a_sentence_about_the_stated_version_still_counts(engine: CompatEngine) -> None:
    question = "We're on AKS 1.37. Can we still add a Windows Server 2022 node pool?"
    checked = check(engine, question, "yes", AKS_WS2022_END)
    assert checked.verdict.status == "unknown"
