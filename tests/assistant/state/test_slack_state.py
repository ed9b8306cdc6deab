"""The Slack thread map and event dedupe: shared by processes, surviving restarts, with a TTL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from assistant.state.conversations import ConversationStore
from assistant.state.feedback import FeedbackStore
from assistant.state.slack import SlackEvents, SlackThreads


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_thread_map_survives_a_new_store_and_expires(state_source: Path | str) -> None:
    db, clock = state_source, Clock()
    SlackThreads(db, 3600, clock).put("C1", "1.0", "c_a")
    again = SlackThreads(db, 3600, clock)  # a restart, or another replica
    assert again.get("C1", "1.0") == "c_a"
    assert again.get("C1", "2.0") is None and again.get("C2", "1.0") is None
    again.put("C1", "1.0", "c_b")
    assert again.get("C1", "1.0") == "c_b"
    clock.now += 3601
    assert again.get("C1", "1.0") is None
    assert again.purge_expired() == 1


def test_an_event_is_claimed_once_across_stores_and_threads(state_source: Path | str) -> None:
    db, clock = state_source, Clock()
    stores = [SlackEvents(db, 600, clock) for _ in range(4)]
    results: list[bool] = []
    barrier = threading.Barrier(len(stores))

    def claim(store: SlackEvents) -> None:
        barrier.wait()
        results.append(store.claim("Ev1"))

    threads = [threading.Thread(target=claim, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]
    assert stores[0].claim("Ev2") is True
    clock.now += 601  # past the TTL an id may be claimed again (Slack stopped retrying long ago)
    assert stores[1].claim("Ev1") is True


def test_feedback_table_from_before_the_rater_column_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as conn:  # the schema as the first release wrote it
        conn.executescript(
            "CREATE TABLE feedback (id TEXT PRIMARY KEY, answer_id TEXT NOT NULL, rating TEXT NOT NULL,"
            " comment TEXT, question TEXT NOT NULL, answer_text TEXT NOT NULL, verdict_status TEXT,"
            " declined INTEGER NOT NULL, conversation_id TEXT, created_at REAL NOT NULL);"
            "INSERT INTO feedback VALUES ('fb_old', 'ans_0', 'up', NULL, 'q', 'a', 'yes', 0, NULL, 1.0);"
        )
    conversations = ConversationStore(db, 3600)
    store = FeedbackStore(db, conversations)
    (old,) = store.list()
    assert old.id == "fb_old" and old.rater is None
    assert store.set_comment("fb_old", "reason: wrong") is True
    assert store.set_comment("fb_missing", "x") is False
    assert store.list()[0].comment == "reason: wrong"
