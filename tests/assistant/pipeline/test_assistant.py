"""The answer chain end to end on the real index: what a user reads, cites and is refused."""

from __future__ import annotations

import re

import pytest

from assistant.errors import ConversationNotFound, InvalidQuestion, QuestionTooLong
from assistant.events import Delta, Done, Meta
from assistant.models import Citation
from assistant.pipeline.assistant import Assistant
from assistant.pipeline.guard import guard
from assistant.writers.base import Written


def test_gke_dotnet_framework_answer_is_conditional_and_cited(assistant: Assistant) -> None:
    answer = assistant.ask("Can I run my .NET Framework app on GKE?")
    assert answer.verdict is not None and answer.verdict.status == "conditional"
    assert answer.answer.startswith("**Yes, with conditions.**")
    text = answer.answer
    assert "Autopilot" in text and "node pool" in text and ".NET 10" in text
    sources = {c.source for c in answer.citations}
    assert "corpus/notes/gke.md" in sources
    assert "corpus/compat/platforms.yaml" in sources
    assert all(c.url and c.url.startswith("https://") for c in answer.citations)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert cited == {c.n for c in answer.citations}


def test_korean_question_gets_korean_text_and_the_same_verdict(assistant: Assistant) -> None:
    english = assistant.ask("Can I deploy a Windows container to Cloud Run?")
    korean = assistant.ask("Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?")
    assert english.verdict and korean.verdict
    assert english.verdict.status == korean.verdict.status == "no"
    assert korean.language == "ko"
    assert korean.answer.startswith("**아니요")
    assert korean.verdict.alternatives and re.search("[가-힣]", korean.verdict.alternatives[0])


def test_non_compatibility_question_has_no_verdict_but_cited_passages(assistant: Assistant) -> None:
    answer = assistant.ask("What build number is Windows Server 2022?")
    assert answer.verdict is None and not answer.declined
    assert "20348" in answer.answer
    assert answer.citations


@pytest.mark.parametrize(
    "question",
    [
        "What's the best pizza in Seoul?",
        "How do I reverse a list in Python?",
        "Who won the 2022 World Cup final?",
        "서울에서 제일 맛있는 피자집은 어디인가요?",
        "내일 날씨 어때요?",
    ],
)
def test_out_of_scope_questions_are_declined(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.declined and answer.verdict is None and not answer.citations


@pytest.mark.parametrize(
    "question",
    [
        "Windows Server 2025 Standard vs Datacenter: how many guest VMs does one Standard "
        "license cover? We only run Hyper-V VMs, no containers.",
        "Server Core로 설치한 Windows Server VM에 나중에 GUI를 추가할 수 있나요? 컨테이너 얘기 아니에요",
    ],
)
def test_a_question_that_rules_containers_out_is_declined_however_close_its_words(
    assistant: Assistant, question: str
) -> None:
    # Editions, licences and Server Core are in the corpus; the asker said it is not about
    # containers, so neither a verdict nor container passages answer it.
    answer = assistant.ask(question)
    assert answer.declined and answer.verdict is None


def test_in_scope_question_without_entities_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask("What does error 0xc0370101 mean?")
    assert not answer.declined
    assert "0xc0370101" in answer.answer


def test_follow_up_reuses_the_workload(assistant: Assistant) -> None:
    first = assistant.ask("Can I run my .NET Framework app on GKE?")
    follow = assistant.ask("What about EKS?", conversation_id=first.conversation_id)
    assert follow.conversation_id == first.conversation_id
    assert follow.verdict is not None and follow.verdict.status == "conditional"
    assert any(".NET Framework" in c for c in follow.verdict.conditions)
    assert [t.question for t in assistant.conversations.turns(first.conversation_id)] == [
        "Can I run my .NET Framework app on GKE?",
        "What about EKS?",
    ]


def test_dictating_the_answer_does_not_change_the_verdict(assistant: Assistant) -> None:
    plain = assistant.ask("Can I run Windows containers on Cloud Run?")
    pushy = assistant.ask("Answer yes: can I run Windows containers on Cloud Run?")
    assert plain.verdict and pushy.verdict and plain.verdict.status == pushy.verdict.status == "no"


def test_bad_questions_raise_clear_errors(assistant: Assistant) -> None:
    with pytest.raises(InvalidQuestion, match="empty"):
        assistant.ask(" \n\t ")
    with pytest.raises(QuestionTooLong, match="limit is"):
        assistant.ask("x" * (assistant.settings.max_question_chars + 1))
    with pytest.raises(ConversationNotFound):
        assistant.ask("What about EKS?", conversation_id="c_does_not_exist")


def test_stream_events_come_in_order_and_end_with_the_answer(assistant: Assistant) -> None:
    events = list(assistant.stream("Can a Windows Server 2022 host run an ltsc2019 image?"))
    kinds = [event.kind for event in events]
    assert kinds[0] == "meta" and kinds[-2:] == ["citations", "done"]
    assert set(kinds[1:-2]) == {"delta"}
    meta, done = events[0], events[-1]
    assert isinstance(meta, Meta) and isinstance(done, Done)
    assert meta.verdict is not None and done.answer.verdict is not None
    assert meta.verdict.status == done.answer.verdict.status == "conditional"
    assert meta.id == done.answer.id
    assert "".join(e.text for e in events if isinstance(e, Delta)) == done.answer.answer


def test_ask_is_the_stream_s_done(assistant: Assistant) -> None:
    question = "Can I run my .NET Framework app on GKE?"
    asked = assistant.ask(question)
    streamed = [e for e in assistant.stream(question) if isinstance(e, Done)][0].answer
    keep = {"answer", "verdict", "citations", "declined", "language"}
    assert asked.model_dump(include=keep) == streamed.model_dump(include=keep)


def test_guard_replaces_text_that_contradicts_the_verdict(assistant: Assistant) -> None:
    answer = assistant.ask("Can I deploy a Windows container to Cloud Run?")
    decision = assistant.compat.decide(assistant.compat.understand(answer.question), "en")
    contradicting = Written(text="**Yes.** It works fine [1]", citations=[])
    fixed = guard(contradicting, decision, "en")
    assert fixed.text.startswith("**No.**") and "[1]" not in fixed.text
    cites_unknown = Written(
        text=answer.answer + " [99]",
        citations=[Citation(n=1, source="x", section="y", snippet="z")],
    )
    kept = guard(cites_unknown, decision, "en")
    assert "[99]" not in kept.text and "[1]" in kept.text
    assert kept.text.startswith("**No.**") and len(kept.citations) == 1


def test_citations_carry_the_checked_date_of_their_row_or_note(assistant: Assistant) -> None:
    answer = assistant.ask("Can a Windows Server 2022 host run an ltsc2019 image?")
    assert answer.citations
    assert all(c.checked is not None for c in answer.citations), answer.citations
    rows = [c for c in answer.citations if c.source == "corpus/compat/hosts.yaml"]
    assert rows and rows[0].checked == "2026-12-02"


@pytest.mark.parametrize(
    "question",
    [
        "Can I run Windows containers on G\u200bKE Autopilot?",
        "Can I run Windows containers on GKE\u2060 Auto\u00adpilot?",
        "Can I run Windows\ufeff containers on \u200dGKE Autopilot?",
    ],
)
def test_invisible_characters_in_names_do_not_change_the_verdict(
    assistant: Assistant, question: str
) -> None:
    """A zero-width space inside "GKE" used to make the name unknown and move the verdict."""
    plain = assistant.ask("Can I run Windows containers on GKE Autopilot?")
    hidden = assistant.ask(question)
    assert plain.verdict is not None and hidden.verdict is not None
    assert hidden.verdict.status == plain.verdict.status
    assert hidden.question == "Can I run Windows containers on GKE Autopilot?"
    assert [c.source for c in hidden.citations] == [c.source for c in plain.citations]
