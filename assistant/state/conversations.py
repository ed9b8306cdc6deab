"""Conversation threads and their turns, kept in one SQLite file shared by the CLI and the API.

The file (`Settings.state_db`) runs in WAL mode so a `berth` CLI process and the API server can
read and write it at once. A conversation expires `ttl_seconds` after its last activity (a new
turn refreshes it): expired threads behave exactly like unknown ones and `purge_expired` deletes
them. Answers are stored as their full JSON so feedback can later find one by `answer.id`.

Every thread belongs to the principal that started it (`owner`: an API key's id, a widget
principal, "slack", or ANONYMOUS when auth is off and for the CLI). Reading, continuing or rating
it as anyone else behaves exactly like an unknown id, so a 404 tells a caller nothing about other
principals' threads. Files written before owners existed get the column on open; their rows
belong to ANONYMOUS (reachable with auth off, as before, and by no API key).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.errors import AnswerNotFound, ConversationNotFound
from assistant.models import Answer
from assistant.state.sqlite import DEFAULT_BUSY_TIMEOUT_SECONDS, SqliteFile

ANONYMOUS = "anonymous"
"""The one principal when auth is off (and the CLI's): also the owner of pre-owner rows."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id          TEXT PRIMARY KEY,
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL,
    state       TEXT,
    owner       TEXT NOT NULL DEFAULT 'anonymous'
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
"""

# Columns added after the first release: (table, column, declaration). Files written by an older
# Berth get them through ALTER TABLE ADD COLUMN on open, so an upgrade needs no script; the
# DEFAULT is what their existing rows read.
_ADDED_COLUMNS = (("conversations", "owner", "TEXT NOT NULL DEFAULT 'anonymous'"),)


class Turn(BaseModel):
    answer_id: str
    question: str
    answer: Answer
    created_at: datetime


class ConversationStore:
    def __init__(
        self,
        db_path: Path,
        ttl_seconds: int,
        clock: Callable[[], float] = time.time,
        max_turns: int | None = None,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self._db = SqliteFile(db_path, _SCHEMA, _ADDED_COLUMNS, busy_timeout_seconds)
        self._ttl = ttl_seconds
        self._clock = clock
        # Turns kept per thread (None: all); the oldest go first, so a thread stays bounded.
        self._max_turns = max_turns

    def close(self) -> None:
        self._db.close()

    def start(self, owner: str = ANONYMOUS) -> str:
        conversation_id = "c_" + uuid.uuid4().hex
        now = self._clock()
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO conversations (id, created_at, updated_at, state, owner)"
                " VALUES (?, ?, ?, NULL, ?)",
                (conversation_id, now, now, owner),
            )
        return conversation_id

    def load_state(self, conversation_id: str, owner: str = ANONYMOUS) -> dict[str, Any] | None:
        """The state saved with the last turn; None for a thread with no turn yet."""
        rows = self._db.query(
            "SELECT state FROM conversations WHERE id = ? AND owner = ? AND updated_at >= ?",
            (conversation_id, owner, self._oldest_alive()),
        )
        if not rows:
            raise _not_found(conversation_id)
        state = rows[0]["state"]
        return None if state is None else dict(json.loads(state))

    def record_turn(
        self,
        conversation_id: str,
        answer: Answer,
        state: dict[str, Any] | None,
        owner: str = ANONYMOUS,
    ) -> None:
        now = self._clock()
        state_json = None if state is None else json.dumps(state, ensure_ascii=False)
        with self._db.transaction() as conn:
            updated = conn.execute(
                "UPDATE conversations SET updated_at = ?, state = ?"
                " WHERE id = ? AND owner = ? AND updated_at >= ?",
                (now, state_json, conversation_id, owner, self._oldest_alive()),
            ).rowcount
            if updated == 0:
                raise _not_found(conversation_id)
            conn.execute(
                "INSERT INTO turns (answer_id, conversation_id, question, answer_json,"
                " verdict_status, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    answer.id,
                    conversation_id,
                    answer.question,
                    answer.model_dump_json(),
                    answer.verdict.status if answer.verdict else None,
                    state_json,
                    now,
                ),
            )
            if self._max_turns is not None:
                conn.execute(
                    "DELETE FROM turns WHERE conversation_id = ? AND rowid NOT IN"
                    " (SELECT rowid FROM turns WHERE conversation_id = ?"
                    " ORDER BY created_at DESC, rowid DESC LIMIT ?)",
                    (conversation_id, conversation_id, self._max_turns),
                )

    def turns(
        self,
        conversation_id: str,
        limit: int | None = None,
        before: str | None = None,
        owner: str = ANONYMOUS,
    ) -> list[Turn]:
        """The thread's turns, oldest first: all of them, or the latest `limit` of those older
        than the turn whose answer id is `before` (a page, for GET's pagination)."""
        alive = self._db.query(
            "SELECT 1 FROM conversations WHERE id = ? AND owner = ? AND updated_at >= ?",
            (conversation_id, owner, self._oldest_alive()),
        )
        if not alive:
            raise _not_found(conversation_id)
        where, params = "conversation_id = ?", [conversation_id]
        if before is not None:
            where += (
                " AND rowid < (SELECT rowid FROM turns WHERE answer_id = ? AND conversation_id = ?)"
            )
            params += [before, conversation_id]
        rows = self._db.query(
            "SELECT * FROM (SELECT rowid AS r, answer_id, question, answer_json, created_at"
            f" FROM turns WHERE {where} ORDER BY created_at DESC, rowid DESC LIMIT ?)"
            " ORDER BY created_at, r",
            (*params, -1 if limit is None else limit),
        )
        return [
            Turn(
                answer_id=row["answer_id"],
                question=row["question"],
                answer=Answer.model_validate_json(row["answer_json"]),
                created_at=datetime.fromtimestamp(row["created_at"], tz=UTC),
            )
            for row in rows
        ]

    def get_answer(self, answer_id: str, owner: str = ANONYMOUS) -> Answer:
        """A stored answer of `owner`'s, even in an expired thread not yet purged (feedback may
        come late); someone else's is as unknown as a missing one."""
        rows = self._db.query(
            "SELECT t.answer_json FROM turns t JOIN conversations c ON c.id = t.conversation_id"
            " WHERE t.answer_id = ? AND c.owner = ?",
            (answer_id, owner),
        )
        if not rows:
            raise AnswerNotFound(f"no answer with id '{_clip(answer_id)}'")
        return Answer.model_validate_json(rows[0]["answer_json"])

    def purge_expired(self) -> int:
        """Delete expired threads and their turns; returns how many threads went."""
        with self._db.transaction() as conn:
            cutoff = self._oldest_alive()
            conn.execute(
                "DELETE FROM turns WHERE conversation_id IN"
                " (SELECT id FROM conversations WHERE updated_at < ?)",
                (cutoff,),
            )
            return int(
                conn.execute("DELETE FROM conversations WHERE updated_at < ?", (cutoff,)).rowcount
            )

    def _oldest_alive(self) -> float:
        return self._clock() - self._ttl


def _not_found(conversation_id: str) -> ConversationNotFound:
    return ConversationNotFound(
        f"no conversation with id '{_clip(conversation_id)}' (unknown or expired);"
        " omit conversation_id to start a new one"
    )


def _clip(text: str, limit: int = 80) -> str:
    # Ids come from callers; keep an absurdly long one from flooding an error message.
    return text if len(text) <= limit else text[:limit] + "…"
