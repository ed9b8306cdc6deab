"""What the Slack bot must remember across restarts and replicas, in the shared state file.

- `SlackThreads`: which Berth conversation a Slack thread is (channel, thread ts) → conversation
  id, so "what about EKS?" in the thread continues the GKE question after a restart, and so the
  bot knows which threads it has answered in (follow-ups there need no new @mention).
- `SlackEvents`: the event ids already delivered, so a retried delivery (Slack retries when the
  ack is slow or lost) is answered once, by whichever replica claims it first.

Both live in the state database next to conversations and feedback: one SQLite file in WAL mode
that the API workers and a `berth slack` process share, or the PostgreSQL database of several
replicas (BERTH_STATE_URL).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, select, text

from assistant.state.db import DEFAULT_BUSY_TIMEOUT_SECONDS, StateDatabase, open_database
from assistant.state.schema import slack_events as _events
from assistant.state.schema import slack_threads as _threads

SLACK_OWNER = "slack"
"""The principal owning the bot's conversations and answers: in Slack anyone who can see a thread
may continue it or rate it, so the bot is one principal, apart from every API key and widget."""


class SlackThreads:
    """(channel, thread ts) → conversation id. A mapping older than `ttl_seconds` is forgotten:
    its conversation has expired too (the same TTL), so the thread starts afresh."""

    # Expired mappings are deleted on every this-many writes, so the table stays small.
    _SWEEP_EVERY = 200

    def __init__(
        self,
        db: StateDatabase | Path | str,
        ttl_seconds: int,
        clock: Callable[[], float] = time.time,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self._owns_db = not isinstance(db, StateDatabase)
        self._db = open_database(db, busy_timeout_seconds)
        self._ttl = ttl_seconds
        self._clock = clock
        self._writes = 0

    def close(self) -> None:
        if self._owns_db:
            self._db.dispose()

    def get(self, channel: str, thread_ts: str) -> str | None:
        with self._db.read() as conn:
            found = conn.execute(
                select(_threads.c.conversation_id).where(
                    _threads.c.channel == channel,
                    _threads.c.thread_ts == thread_ts,
                    _threads.c.updated_at >= self._clock() - self._ttl,
                )
            ).scalar()
        return None if found is None else str(found)

    def put(self, channel: str, thread_ts: str, conversation_id: str) -> None:
        with self._db.write() as conn:
            # The same upsert syntax in SQLite and PostgreSQL.
            conn.execute(
                text(
                    "INSERT INTO slack_threads (channel, thread_ts, conversation_id, updated_at)"
                    " VALUES (:channel, :ts, :cid, :now) ON CONFLICT (channel, thread_ts) DO UPDATE"
                    " SET conversation_id = excluded.conversation_id,"
                    " updated_at = excluded.updated_at"
                ),
                {"channel": channel, "ts": thread_ts, "cid": conversation_id, "now": self._clock()},
            )
        self._writes += 1
        if self._writes % self._SWEEP_EVERY == 0:
            self.purge_expired()

    def purge_expired(self) -> int:
        with self._db.write() as conn:
            cutoff = self._clock() - self._ttl
            return int(
                conn.execute(delete(_threads).where(_threads.c.updated_at < cutoff)).rowcount
            )


class SlackEvents:
    """Delivered event ids. `claim` is atomic across processes: exactly one caller gets True."""

    # Old ids are swept on every this-many claims (cheap: one indexed DELETE).
    _SWEEP_EVERY = 200

    def __init__(
        self,
        db: StateDatabase | Path | str,
        ttl_seconds: int,
        clock: Callable[[], float] = time.time,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self._owns_db = not isinstance(db, StateDatabase)
        self._db = open_database(db, busy_timeout_seconds)
        self._ttl = ttl_seconds
        self._clock = clock
        self._claims = 0

    def close(self) -> None:
        if self._owns_db:
            self._db.dispose()

    def claim(self, event_id: str) -> bool:
        """True the first time an id is seen (or once it is older than the TTL), else False."""
        now = self._clock()
        cutoff = now - self._ttl
        with self._db.write() as conn:
            # An expired row is re-claimed in place; a live one makes the upsert a no-op
            # (rowcount 0), which is how a second delivery is recognised. On PostgreSQL the
            # conflicting insert waits for the first claimer's commit, so exactly one wins.
            claimed = conn.execute(
                text(
                    "INSERT INTO slack_events (event_id, seen_at) VALUES (:id, :now)"
                    " ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at"
                    " WHERE slack_events.seen_at < :cutoff"
                ),
                {"id": event_id, "now": now, "cutoff": cutoff},
            ).rowcount
            self._claims += 1
            if self._claims % self._SWEEP_EVERY == 0:
                conn.execute(delete(_events).where(_events.c.seen_at < cutoff))
        return claimed == 1
