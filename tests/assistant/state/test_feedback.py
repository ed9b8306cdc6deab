from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import AnswerNotFound
from assistant.models import Answer, Verdict
from assistant.state.conversations import ConversationStore
from assistant.state.feedback import FeedbackStore, feedback_command

TTL = 3600


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        self.now += 1  # each call is a second later, so "newest first" is well defined
        return self.now


@pytest.fixture
def db(state_source: Path | str) -> Path | str:
    return state_source  # SQLite and PostgreSQL (tests/conftest.py)


def settings_on(db: Path | str) -> Settings:
    return Settings(state_db=db) if isinstance(db, Path) else Settings(state_url=db)


@pytest.fixture
def stores(db: Path | str) -> tuple[ConversationStore, FeedbackStore]:
    clock = FakeClock()
    conversations = ConversationStore(db, TTL, clock=clock)
    return conversations, FeedbackStore(db, conversations, clock=clock)


def record(
    conversations: ConversationStore, answer_id: str, question: str, status: str | None
) -> Answer:
    cid = conversations.start()
    answer = Answer(
        id=answer_id,
        question=question,
        language="en",
        answer=f"Berth says about: {question}",
        verdict=Verdict(status=status) if status else None,  # type: ignore[arg-type]
        declined=status is None,
        conversation_id=cid,
    )
    conversations.record_turn(cid, answer, None)
    return answer


def test_add_copies_question_answer_and_verdict(
    stores: tuple[ConversationStore, FeedbackStore],
) -> None:
    conversations, feedback = stores
    answer = record(conversations, "ans_1", "Can Cloud Run take a Windows image?", "no")
    item = feedback.add("ans_1", "down", "  wrong platform  ")
    assert item.id.startswith("fb_")
    assert (item.question, item.answer, item.verdict_status) == (
        answer.question,
        answer.answer,
        "no",
    )
    assert item.comment == "wrong platform"
    assert item.conversation_id == answer.conversation_id
    assert feedback.list() == [item]


def test_unknown_answer_is_rejected(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    _, feedback = stores
    with pytest.raises(AnswerNotFound):
        feedback.add("ans_nope", "up", None)
    assert feedback.list() == []


def test_list_filters_by_rating_newest_first_and_limits(
    stores: tuple[ConversationStore, FeedbackStore],
) -> None:
    conversations, feedback = stores
    for i in range(4):
        record(conversations, f"ans_{i}", f"question {i}", "yes")
    feedback.add("ans_0", "down", None)
    feedback.add("ans_1", "up", "great")
    feedback.add("ans_2", "down", "")
    feedback.add("ans_3", "down", None)

    assert [f.answer_id for f in feedback.list(rating="down")] == ["ans_3", "ans_2", "ans_0"]
    assert [f.answer_id for f in feedback.list(rating="up")] == ["ans_1"]
    assert [f.answer_id for f in feedback.list(limit=2)] == ["ans_3", "ans_2"]
    assert feedback.list(rating="down")[1].comment is None  # blank comment stored as none


def test_feedback_survives_purge_of_its_conversation(db: Path | str) -> None:
    clock = FakeClock()
    conversations = ConversationStore(db, TTL, clock=clock)
    feedback = FeedbackStore(db, conversations, clock=clock)
    record(conversations, "ans_1", "Will ltsc2019 run on 2022 nodes?", "conditional")
    feedback.add("ans_1", "down", "missing isolation detail")
    clock.now += TTL * 2
    assert conversations.purge_expired() == 1
    [item] = feedback.list(rating="down")
    assert item.question == "Will ltsc2019 run on 2022 nodes?"
    assert item.verdict_status == "conditional"


def test_feedback_command_prints_readable_list(
    db: Path | str, stores: tuple[ConversationStore, FeedbackStore]
) -> None:
    conversations, feedback = stores
    record(conversations, "ans_a", "Can I run .NET Framework on GKE?", "conditional")
    record(conversations, "ans_b", "what is nanoserver?", None)
    feedback.add("ans_a", "down", "needs the node pool version")
    feedback.add("ans_b", "up", None)
    settings = settings_on(db)

    out = io.StringIO()
    assert feedback_command(settings, down_only=True, out=out) == 0
    text = out.getvalue()
    assert "Can I run .NET Framework on GKE?" in text
    assert "verdict: conditional" in text
    assert "needs the node pool version" in text
    assert "nanoserver" not in text
    assert "1 thumbs-down item(s)" in text

    out = io.StringIO()
    assert feedback_command(settings, down_only=False, out=out) == 0
    assert "nanoserver" in out.getvalue() and "verdict: declined" in out.getvalue()


def test_feedback_command_on_empty_db(tmp_path: Path) -> None:
    out = io.StringIO()
    assert feedback_command(Settings(state_db=tmp_path / "x.sqlite3"), True, out=out) == 0
    assert out.getvalue().strip() == "No thumbs-down feedback yet."


def test_feedback_command_prints_no_terminal_escapes(
    db: Path | str, stores: tuple[ConversationStore, FeedbackStore]
) -> None:
    """A comment could recolour, retitle or clear the reader's terminal (issue 10)."""
    conversations, feedback = stores
    record(conversations, "ans_e", "Can I run\x1b[2J IIS?", "no")
    feedback.add("ans_e", "down", "\x1b]0;pwned\x07red \x1b[31malert\x1b[0m\x07 \x9b6n done")
    out = io.StringIO()
    assert feedback_command(settings_on(db), down_only=True, out=out) == 0
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "comment: red alert 6n done" in text
    assert "Q: Can I run IIS?" in text
