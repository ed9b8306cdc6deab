"""Alembic migrations: today's SQLite files upgrade in place, replicas starting at once create
the schema once, a forked worker gets its own connections, and PostgreSQL's "come back later"
failures are StateBusy/StateUnavailable (503) like SQLite's lock."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from legacy_state import write_main_state_file
from servers import PostgresServer, free_port
from sqlalchemy import text

from assistant.errors import StateBusy, StateUnavailable
from assistant.models import Answer
from assistant.state.conversations import ANONYMOUS, ConversationStore
from assistant.state.db import StateDatabase
from assistant.state.feedback import FeedbackStore
from assistant.state.slack import SlackEvents, SlackThreads

NOW = 1_700_000_000.0


def _answer(answer_id: str, question: str, cid: str) -> Answer:
    return Answer(id=answer_id, question=question, language="en", answer="a", conversation_id=cid)


def test_a_state_file_made_by_main_upgrades_in_place(tmp_path: Path) -> None:
    db = tmp_path / "berth.sqlite3"
    conn = write_main_state_file(db)
    conn.execute("INSERT INTO conversations VALUES ('c_1', ?, ?, ?)", (NOW, NOW, '{"n": 3}'))
    # Inserted out of order, two with the same created_at: main ordered by (created_at, rowid).
    for answer_id, question, created in [
        ("ans_b", "second", NOW + 1),
        ("ans_a", "first", NOW),
        ("ans_c", "third", NOW + 1),
    ]:
        conn.execute(
            "INSERT INTO turns VALUES (?, 'c_1', ?, ?, NULL, NULL, ?)",
            (answer_id, question, _answer(answer_id, question, "c_1").model_dump_json(), created),
        )
    conn.execute(
        "INSERT INTO feedback VALUES ('fb_1', 'ans_a', 'down', 'old', 'first', 'a', NULL, 0,"
        " 'c_1', ?, 'slack:T/U')",
        (NOW,),
    )
    conn.execute("INSERT INTO slack_threads VALUES ('C1', '1.0', 'c_1', ?)", (NOW,))
    conn.execute("INSERT INTO slack_events VALUES ('Ev1', ?)", (NOW,))
    conn.close()

    store = ConversationStore(db, ttl_seconds=3600, clock=lambda: NOW + 5)
    feedback = FeedbackStore(db, store, clock=lambda: NOW + 6)
    threads = SlackThreads(db, 3600, clock=lambda: NOW + 5)
    events = SlackEvents(db, 600, clock=lambda: NOW + 5)
    try:
        assert [t.question for t in store.turns("c_1")] == ["first", "second", "third"]
        assert store.load_state("c_1", ANONYMOUS) == {"n": 3}
        assert store.load_state("c_1") == {"n": 3}
        assert [(f.id, f.comment, f.rater) for f in feedback.list()] == [
            ("fb_1", "old", "slack:T/U")
        ]
        assert threads.get("C1", "1.0") == "c_1"
        assert events.claim("Ev1") is False  # still within its TTL: a retry stays a retry
        # New turns continue the numbering; the page cursor works across old and new turns.
        store.record_turn("c_1", _answer("ans_d", "fourth", "c_1"), None)
        page = store.turns("c_1", limit=2, before="ans_d")
        assert [t.answer_id for t in page] == ["ans_b", "ans_c"]
    finally:
        for closing in (store, feedback, threads, events):
            closing.close()

    check = sqlite3.connect(db)
    seqs = dict(check.execute("SELECT answer_id, seq FROM turns").fetchall())
    assert seqs == {"ans_a": 1, "ans_b": 2, "ans_c": 3, "ans_d": 4}
    assert check.execute("SELECT owner FROM conversations").fetchall() == [("anonymous",)]
    (revision,) = check.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == "0003"
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_of_the_pre_migration_owner_code_keeps_its_owners(tmp_path: Path) -> None:
    # Between issue 10's owners and migrations, files got `owner` by ALTER TABLE on open.
    db = tmp_path / "berth.sqlite3"
    conn = write_main_state_file(db)
    conn.execute("ALTER TABLE conversations ADD COLUMN owner TEXT NOT NULL DEFAULT 'anonymous'")
    conn.execute("INSERT INTO conversations VALUES ('c_k', ?, ?, NULL, 'key:1234abcd')", (NOW, NOW))
    conn.close()
    store = ConversationStore(db, ttl_seconds=3600, clock=lambda: NOW)
    try:
        assert store.load_state("c_k", "key:1234abcd") is None
        with pytest.raises(Exception, match="no conversation"):
            store.load_state("c_k", ANONYMOUS)
    finally:
        store.close()


_OPEN_AT = """
import sys, time
from assistant.state.db import StateDatabase
start_at = float(sys.argv[2])
time.sleep(max(0.0, start_at - time.time()))  # every process opens the database at once
StateDatabase(sys.argv[1]).dispose()
"""


def test_replicas_starting_at_once_create_the_schema_once(postgres_server: PostgresServer) -> None:
    # Processes, not threads: a module import lock would serialise threads' migrations.
    url = postgres_server.new_database()
    start_at = time.time() + 4  # after every interpreter has imported SQLAlchemy and Alembic
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_AT, url, str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    outcomes = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in starts]
    assert [code for code, _ in outcomes] == [0] * 8, [err for code, err in outcomes if code]
    database = StateDatabase(url)
    with database.read() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("0003",)]
    database.dispose()


def test_a_forked_worker_opens_its_own_connections(state_source: Path | str) -> None:
    store = ConversationStore(state_source, ttl_seconds=3600)
    parent_thread = store.start()  # the pool now holds a connection
    pid = os.fork()
    if pid == 0:  # the child (a uvicorn worker): must not reuse the parent's socket
        code = 1
        try:
            cid = store.start()
            store.record_turn(cid, _answer("ans_child", "from the child", cid), {"w": "child"})
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent's connection is unharmed by the child having used (and exited) its own.
    store.record_turn(parent_thread, _answer("ans_parent", "parent", parent_thread), None)
    assert json.loads(store.get_answer("ans_child").model_dump_json())["question"] == (
        "from the child"
    )
    store.close()


def test_a_postgres_lock_past_the_busy_timeout_is_state_busy(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.new_database()
    holder = StateDatabase(url)
    store = ConversationStore(StateDatabase(url, busy_timeout_seconds=0.3), ttl_seconds=3600)
    cid = store.start()
    with holder.write() as conn:
        conn.execute(text("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE"))
        with pytest.raises(StateBusy) as busy:
            store.record_turn(cid, _answer("ans_x", "q", cid), None)
    assert busy.value.http_status == 503 and busy.value.code == "state_busy"
    assert "retry" in busy.value.message
    store.record_turn(cid, _answer("ans_x", "q", cid), None)  # nothing half-written before
    assert [t.answer_id for t in store.turns(cid)] == ["ans_x"]
    store.db.dispose()
    holder.dispose()


def test_an_unreachable_postgres_is_state_unavailable() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/berth"
    with pytest.raises(StateUnavailable) as down:
        StateDatabase(url, busy_timeout_seconds=1)
    assert down.value.http_status == 503 and down.value.code == "state_unavailable"
    assert "cannot be reached" in down.value.message and "postgres@" not in down.value.message
