"""What the Slack bot must remember across restarts and replicas, in the shared state file.

- `SlackThreads`: which Berth conversation a Slack thread is (channel, thread ts) → conversation
  id, so "what about EKS?" in the thread continues the GKE question after a restart, and so the
  bot knows which threads it has answered in (follow-ups there need no new @mention).
- `SlackEvents`: the event ids already delivered, so a retried delivery (Slack retries when the
  ack is slow or lost) is answered once, by whichever replica claims it first.

Both live in `Settings.state_db` next to conversations and feedback: one SQLite file in WAL mode
that the API workers and a `berth slack` process share.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from assistant.state.sqlite import DEFAULT_BUSY_TIMEOUT_SECONDS, SqliteFile

SLACK_OWNER = "slack"
"""The principal owning the bot's conversations and answers: in Slack anyone who can see a thread
may continue it or rate it, so the bot is one principal, apart from every API key and widget."""

_SCHEMA = """
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


class SlackThreads:
    """(channel, thread ts) → conversation id. A mapping older than `ttl_seconds` is forgotten:
    its conversation has expired too (the same TTL), so the thread starts afresh."""

    # Expired mappings are deleted on every this-many writes, so the table stays small.
    _SWEEP_EVERY = 200

    def __init__(
        self,
        db_path: Path,
        ttl_seconds: int,
        clock: Callable[[], float] = time.time,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self._db = SqliteFile(db_path, _SCHEMA, busy_timeout_seconds=busy_timeout_seconds)
        self._ttl = ttl_seconds
        self._clock = clock
        self._writes = 0

    def close(self) -> None:
        self._db.close()

    def get(self, channel: str, thread_ts: str) -> str | None:
        rows = self._db.query(
            "SELECT conversation_id FROM slack_threads"
            " WHERE channel = ? AND thread_ts = ? AND updated_at >= ?",
            (channel, thread_ts, self._clock() - self._ttl),
        )
        return str(rows[0]["conversation_id"]) if rows else None

    def put(self, channel: str, thread_ts: str, conversation_id: str) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO slack_threads (channel, thread_ts, conversation_id, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (channel, thread_ts) DO UPDATE SET"
                " conversation_id = excluded.conversation_id, updated_at = excluded.updated_at",
                (channel, thread_ts, conversation_id, self._clock()),
            )
        self._writes += 1
        if self._writes % self._SWEEP_EVERY == 0:
            self.purge_expired()

    def purge_expired(self) -> int:
        with self._db.transaction() as conn:
            cutoff = self._clock() - self._ttl
            return int(
                conn.execute("DELETE FROM slack_threads WHERE updated_at < ?", (cutoff,)).rowcount
            )


class SlackEvents:
    """Delivered event ids. `claim` is atomic across processes: exactly one caller gets True."""

    # Old ids are swept on every this-many claims (cheap: one indexed DELETE).
    _SWEEP_EVERY = 200

    def __init__(
        self,
        db_path: Path,
        ttl_seconds: int,
        clock: Callable[[], float] = time.time,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self._db = SqliteFile(db_path, _SCHEMA, busy_timeout_seconds=busy_timeout_seconds)
        self._ttl = ttl_seconds
        self._clock = clock
        self._claims = 0

    def close(self) -> None:
        self._db.close()

    def claim(self, event_id: str) -> bool:
        """True the first time an id is seen (or once it is older than the TTL), else False."""
        now = self._clock()
        cutoff = now - self._ttl
        with self._db.transaction() as conn:
            # An expired row is re-claimed in place; a live one makes the upsert a no-op
            # (rowcount 0), which is how a second delivery is recognised.
            claimed = conn.execute(
                "INSERT INTO slack_events (event_id, seen_at) VALUES (?, ?)"
                " ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at"
                " WHERE slack_events.seen_at < ?",
                (event_id, now, cutoff),
            ).rowcount
            self._claims += 1
            if self._claims % self._SWEEP_EVERY == 0:
                conn.execute("DELETE FROM slack_events WHERE seen_at < ?", (cutoff,))
        return claimed == 1
