from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import AnswerNotFound, ConversationNotFound
from assistant.models import Answer, Verdict
from assistant.state.conversations import ConversationStore

TTL = 3600


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_answer(answer_id: str, question: str, status: str | None = "yes") -> Answer:
    return Answer(
        id=answer_id,
        question=question,
        language="en",
        answer=f"Answer to {question}",
        verdict=Verdict(status=status) if status else None,  # type: ignore[arg-type]
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(state_source: Path | str, clock: FakeClock) -> Iterator[ConversationStore]:
    # Every test using it runs on SQLite and on PostgreSQL (tests/conftest.py: state_source).
    store = ConversationStore(state_source, ttl_seconds=TTL, clock=clock)
    yield store
    store.close()


def test_creates_parent_dir_and_uses_wal(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "state.sqlite3"
    ConversationStore(db, ttl_seconds=TTL).start()
    assert db.exists()
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_new_conversation_has_no_state_then_keeps_last_turns_state(
    store: ConversationStore,
) -> None:
    cid = store.start()
    assert cid.startswith("c_") and len(cid) > 10
    assert store.load_state(cid) is None
    assert store.turns(cid) == []

    store.record_turn(cid, make_answer("ans_1", "Can I run .NET Framework on GKE?"), {"p": "gke"})
    store.record_turn(cid, make_answer("ans_2", "what about EKS?"), {"p": "eks", "ko": "한국어"})
    assert store.load_state(cid) == {"p": "eks", "ko": "한국어"}

    turns = store.turns(cid)
    assert [t.answer_id for t in turns] == ["ans_1", "ans_2"]
    assert [t.question for t in turns] == ["Can I run .NET Framework on GKE?", "what about EKS?"]
    assert turns[1].answer.answer == "Answer to what about EKS?"
    assert turns[0].created_at.tzinfo is not None


def test_ids_are_unique(store: ConversationStore) -> None:
    assert len({store.start() for _ in range(50)}) == 50


def test_unknown_conversation_raises(store: ConversationStore) -> None:
    for call in (
        lambda: store.load_state("c_nope"),
        lambda: store.turns("c_nope"),
        lambda: store.record_turn("c_nope", make_answer("ans_x", "q"), None),
    ):
        with pytest.raises(ConversationNotFound) as info:
            call()
        assert "c_nope" in info.value.message
    # The failed record_turn stored nothing.
    with pytest.raises(AnswerNotFound):
        store.get_answer("ans_x")


def test_get_answer_roundtrips_full_answer(store: ConversationStore) -> None:
    cid = store.start()
    answer = make_answer("ans_9", "Can Cloud Run take a Windows image?", status="no")
    answer.conversation_id = cid
    store.record_turn(cid, answer, None)
    assert store.get_answer("ans_9") == answer
    with pytest.raises(AnswerNotFound):
        store.get_answer("ans_missing")


def test_conversation_expires_after_ttl_of_inactivity(
    store: ConversationStore, clock: FakeClock
) -> None:
    cid = store.start()
    clock.now += TTL - 1
    store.record_turn(cid, make_answer("ans_1", "q1"), {"n": 1})  # refreshes the thread
    clock.now += TTL - 1
    assert store.load_state(cid) == {"n": 1}
    clock.now += 2
    with pytest.raises(ConversationNotFound):
        store.load_state(cid)
    with pytest.raises(ConversationNotFound):
        store.turns(cid)
    with pytest.raises(ConversationNotFound):
        store.record_turn(cid, make_answer("ans_2", "q2"), None)


def test_purge_removes_only_expired(store: ConversationStore, clock: FakeClock) -> None:
    old = store.start()
    store.record_turn(old, make_answer("ans_old", "old q"), None)
    clock.now += TTL / 2
    fresh = store.start()
    store.record_turn(fresh, make_answer("ans_fresh", "fresh q"), None)
    clock.now += TTL / 2 + 1

    assert store.purge_expired() == 1
    assert store.purge_expired() == 0
    with pytest.raises(AnswerNotFound):
        store.get_answer("ans_old")
    assert [t.answer_id for t in store.turns(fresh)] == ["ans_fresh"]


def test_two_stores_share_one_file(state_source: Path | str) -> None:
    # The CLI and the API server (or two replicas) each open their own store on one database.
    db = state_source
    cli, api = ConversationStore(db, TTL), ConversationStore(db, TTL)
    cid = cli.start()
    cli.record_turn(cid, make_answer("ans_1", "q"), {"k": "v"})
    assert api.load_state(cid) == {"k": "v"}
    assert api.get_answer("ans_1").question == "q"


def test_threads_can_share_a_store(store: ConversationStore) -> None:
    cid = store.start()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(20):
                store.record_turn(cid, make_answer(f"ans_{n}_{i}", f"q{n}-{i}"), {"n": n})
                store.turns(cid)
        except BaseException as exc:  # collected so the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.turns(cid)) == 80
