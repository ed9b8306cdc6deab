"""A state file exactly as main wrote it before migrations (commit f47416f): the schemas copied
verbatim from its assistant/state/{conversations,feedback,slack}.py, WAL mode, no
alembic_version table. Upgrade tests start from a copy of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

MAIN_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id          TEXT PRIMARY KEY,
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL,
    state       TEXT
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated_at);
CREATE TABLE IF NOT EXISTS turns (
    answer_id       TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    question        TEXT NOT NULL,
    answer_json     TEXT NOT NULL,
    verdict_status  TEXT,
    state           TEXT,
    created_at      REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns(conversation_id, created_at);
CREATE TABLE IF NOT EXISTS feedback (
    id              TEXT PRIMARY KEY,
    answer_id       TEXT NOT NULL,
    rating          TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment         TEXT,
    question        TEXT NOT NULL,
    answer_text     TEXT NOT NULL,
    verdict_status  TEXT,
    declined        INTEGER NOT NULL,
    conversation_id TEXT,
    created_at      REAL NOT NULL,
    rater           TEXT
);
CREATE INDEX IF NOT EXISTS feedback_rating ON feedback(rating, created_at);
CREATE TABLE IF NOT EXISTS slack_threads (
    channel         TEXT NOT NULL,
    thread_ts       TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    updated_at      REAL NOT NULL,
    PRIMARY KEY (channel, thread_ts)
);
CREATE INDEX IF NOT EXISTS slack_threads_updated ON slack_threads(updated_at);
CREATE TABLE IF NOT EXISTS slack_events (
    event_id TEXT PRIMARY KEY,
    seen_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS slack_events_seen ON slack_events(seen_at);
"""


def write_main_state_file(path: Path) -> sqlite3.Connection:
    """Creates the file with main's schema; returns an open connection to fill it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(MAIN_SCHEMA)
    return conn
