"""Conversation threads and their turns, in the state database shared by the CLI and the API.

SQLite by default (`Settings.state_db`, WAL, so a `berth` CLI process and the API can read and
write it at once), PostgreSQL for several replicas (`Settings.state_url`). A conversation expires
`ttl_seconds` after its last activity (a new turn refreshes it): expired threads behave exactly
like unknown ones and `purge_expired` deletes them. Answers are stored as their full JSON so
feedback can later find one by `answer.id`; a turn's `seq` is its place in the thread.

Every thread belongs to the principal that started it (`owner`: an API key's id, a widget
principal, "slack", or ANONYMOUS when auth is off and for the CLI). Reading, continuing or rating
it as anyone else behaves exactly like an unknown id, so a 404 tells a caller nothing about other
principals' threads. Files written before owners existed are upgraded by migration 0002; their
rows belong to ANONYMOUS (reachable with auth off, as before, and by no API key).
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
from sqlalchemy import and_, delete, func, insert, select, update

from assistant.config import Settings
from assistant.errors import AnswerNotFound, ConversationNotFound
from assistant.models import Answer
from assistant.state.db import (
    DEFAULT_BUSY_TIMEOUT_SECONDS,
    StateDatabase,
    open_database,
    open_state,
)
from assistant.state.schema import conversations as _conversations
from assistant.state.schema import turns as _turns

ANONYMOUS = "anonymous"
"""The one principal when auth is off (and the CLI's): also the owner of pre-owner rows."""


class Turn(BaseModel):
    answer_id: str
    question: str
    answer: Answer
    created_at: datetime


class ConversationStore:
    def __init__(
        self,
        db: StateDatabase | Path | str,
        ttl_seconds: int,
        clock: Callable[[], float] = time.time,
        max_turns: int | None = None,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        """`db`: a shared StateDatabase, or a path (SQLite) / URL this store opens for itself."""
        self._owns_db = not isinstance(db, StateDatabase)
        self.db = open_database(db, busy_timeout_seconds)
        self._ttl = ttl_seconds
        self._clock = clock
        # Turns kept per thread (None: all); the oldest go first, so a thread stays bounded.
        self._max_turns = max_turns

    @classmethod
    def from_settings(cls, settings: Settings) -> ConversationStore:
        """A store on its own database (BERTH_STATE_URL or BERTH_STATE_DB), closed with it."""
        store = cls(
            open_state(settings),
            settings.conversation_ttl_seconds,
            max_turns=settings.conversation_max_turns,
        )
        store._owns_db = True
        return store

    def close(self) -> None:
        if self._owns_db:
            self.db.dispose()

    def start(self, owner: str = ANONYMOUS) -> str:
        conversation_id = "c_" + uuid.uuid4().hex
        now = self._clock()
        with self.db.write() as conn:
            conn.execute(
                insert(_conversations).values(
                    id=conversation_id, created_at=now, updated_at=now, state=None, owner=owner
                )
            )
        return conversation_id

    def load_state(self, conversation_id: str, owner: str = ANONYMOUS) -> dict[str, Any] | None:
        """The state saved with the last turn; None for a thread with no turn yet."""
        with self.db.read() as conn:
            row = conn.execute(
                select(_conversations.c.state).where(self._alive(conversation_id, owner))
            ).first()
        if row is None:
            raise _not_found(conversation_id)
        return None if row.state is None else dict(json.loads(row.state))

    def record_turn(
        self,
        conversation_id: str,
        answer: Answer,
        state: dict[str, Any] | None,
        owner: str = ANONYMOUS,
    ) -> None:
        now = self._clock()
        state_json = None if state is None else json.dumps(state, ensure_ascii=False)
        with self.db.write() as conn:
            # The UPDATE locks the thread's row (PostgreSQL) or the file (SQLite) first, so two
            # replicas adding a turn to one thread at once number them one after the other.
            updated = conn.execute(
                update(_conversations)
                .where(self._alive(conversation_id, owner))
                .values(updated_at=now, state=state_json)
            ).rowcount
            if updated == 0:
                raise _not_found(conversation_id)
            last = conn.execute(
                select(func.coalesce(func.max(_turns.c.seq), 0)).where(
                    _turns.c.conversation_id == conversation_id
                )
            ).scalar_one()
            seq = int(last) + 1
            conn.execute(
                insert(_turns).values(
                    answer_id=answer.id,
                    conversation_id=conversation_id,
                    seq=seq,
                    question=answer.question,
                    answer_json=answer.model_dump_json(),
                    verdict_status=answer.verdict.status if answer.verdict else None,
                    state=state_json,
                    created_at=now,
                )
            )
            if self._max_turns is not None:
                conn.execute(
                    delete(_turns).where(
                        _turns.c.conversation_id == conversation_id,
                        _turns.c.seq <= seq - self._max_turns,
                    )
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
        with self.db.read() as conn:
            alive = conn.execute(
                select(_conversations.c.id).where(self._alive(conversation_id, owner))
            ).first()
            if alive is None:
                raise _not_found(conversation_id)
            query = select(
                _turns.c.answer_id, _turns.c.question, _turns.c.answer_json, _turns.c.created_at
            ).where(_turns.c.conversation_id == conversation_id)
            if before is not None:
                cursor = (
                    select(_turns.c.seq)
                    .where(
                        _turns.c.answer_id == before, _turns.c.conversation_id == conversation_id
                    )
                    .scalar_subquery()
                )
                query = query.where(_turns.c.seq < cursor)
            query = query.order_by(_turns.c.seq.desc())
            if limit is not None:
                query = query.limit(limit)
            rows = conn.execute(query).all()
        return [
            Turn(
                answer_id=row.answer_id,
                question=row.question,
                answer=Answer.model_validate_json(row.answer_json),
                created_at=datetime.fromtimestamp(row.created_at, tz=UTC),
            )
            for row in reversed(rows)
        ]

    def get_answer(self, answer_id: str, owner: str = ANONYMOUS) -> Answer:
        """A stored answer of `owner`'s, even in an expired thread not yet purged (feedback may
        come late); someone else's is as unknown as a missing one."""
        with self.db.read() as conn:
            row = conn.execute(
                select(_turns.c.answer_json)
                .join(_conversations, _conversations.c.id == _turns.c.conversation_id)
                .where(_turns.c.answer_id == answer_id, _conversations.c.owner == owner)
            ).first()
        if row is None:
            raise AnswerNotFound(f"no answer with id '{_clip(answer_id)}'")
        return Answer.model_validate_json(row.answer_json)

    def purge_expired(self) -> int:
        """Delete expired threads and their turns; returns how many threads went."""
        with self.db.write() as conn:
            cutoff = self._oldest_alive()
            expired = select(_conversations.c.id).where(_conversations.c.updated_at < cutoff)
            conn.execute(delete(_turns).where(_turns.c.conversation_id.in_(expired)))
            return int(
                conn.execute(
                    delete(_conversations).where(_conversations.c.updated_at < cutoff)
                ).rowcount
            )

    def _alive(self, conversation_id: str, owner: str) -> Any:
        return and_(
            _conversations.c.id == conversation_id,
            _conversations.c.owner == owner,
            _conversations.c.updated_at >= self._oldest_alive(),
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
