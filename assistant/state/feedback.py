"""User feedback on answers, stored with a copy of the question, answer text and verdict.

The copy matters: conversations expire and get purged, but a maintainer reviewing what users
flagged (`berth feedback --down`) still needs to see what was asked and what Berth said.
"""

from __future__ import annotations

import builtins
import re
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TextIO

from pydantic import BaseModel
from sqlalchemy import insert, select, update

from assistant.config import Settings
from assistant.models import VerdictStatus
from assistant.state.conversations import ANONYMOUS, ConversationStore
from assistant.state.db import (
    DEFAULT_BUSY_TIMEOUT_SECONDS,
    StateDatabase,
    open_database,
    open_state,
)
from assistant.state.schema import feedback as _feedback

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000


class Feedback(BaseModel):
    id: str
    answer_id: str
    rating: Rating
    comment: str | None
    question: str
    answer: str
    verdict_status: VerdictStatus | None
    declined: bool
    conversation_id: str | None
    created_at: datetime
    rater: str | None = None
    """Who rated, when the surface knows (the Slack bot: "slack:<team>/<user>")."""


class FeedbackStore:
    def __init__(
        self,
        db: StateDatabase | Path | str,
        conversations: ConversationStore,
        clock: Callable[[], float] = time.time,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        """`db`: a shared StateDatabase, or a path (SQLite) / URL this store opens for itself."""
        self._owns_db = not isinstance(db, StateDatabase)
        self._db = open_database(db, busy_timeout_seconds)
        self._conversations = conversations
        self._clock = clock

    def close(self) -> None:
        if self._owns_db:
            self._db.dispose()

    def add(
        self,
        answer_id: str,
        rating: Rating,
        comment: str | None,
        rater: str | None = None,
        owner: str = ANONYMOUS,
    ) -> Feedback:
        """Raises AnswerNotFound when `owner` has no stored answer with this id."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        answer = self._conversations.get_answer(answer_id, owner)
        comment = (comment or "").strip()[:MAX_COMMENT_CHARS] or None
        feedback = Feedback(
            id="fb_" + uuid.uuid4().hex,
            answer_id=answer.id,
            rating=rating,
            comment=comment,
            question=answer.question,
            answer=answer.answer,
            verdict_status=answer.verdict.status if answer.verdict else None,
            declined=answer.declined,
            conversation_id=answer.conversation_id,
            created_at=datetime.fromtimestamp(self._clock(), tz=UTC),
            rater=rater,
        )
        with self._db.write() as conn:
            conn.execute(
                insert(_feedback).values(
                    id=feedback.id,
                    answer_id=feedback.answer_id,
                    rating=feedback.rating,
                    comment=feedback.comment,
                    question=feedback.question,
                    answer_text=feedback.answer,
                    verdict_status=feedback.verdict_status,
                    declined=feedback.declined,
                    conversation_id=feedback.conversation_id,
                    created_at=feedback.created_at.timestamp(),
                    rater=feedback.rater,
                )
            )
        return feedback

    def set_comment(self, feedback_id: str, comment: str) -> bool:
        """Attach a comment (e.g. the reason chosen after a thumbs-down) to stored feedback.
        Returns False when no feedback has this id."""
        comment = comment.strip()[:MAX_COMMENT_CHARS]
        with self._db.write() as conn:
            updated = conn.execute(
                update(_feedback)
                .where(_feedback.c.id == feedback_id)
                .values(comment=comment or None)
            ).rowcount
        return updated == 1

    def list(self, rating: Rating | None = None, limit: int = 50) -> builtins.list[Feedback]:
        """Newest first."""
        query = select(_feedback)
        if rating:
            query = query.where(_feedback.c.rating == rating)
        # Ties in time (same clock tick) broken by id: stable, if not insertion order.
        query = query.order_by(_feedback.c.created_at.desc(), _feedback.c.id.desc())
        with self._db.read() as conn:
            rows = conn.execute(query.limit(max(0, limit))).all()
        return [
            Feedback(
                id=row.id,
                answer_id=row.answer_id,
                rating=row.rating,
                comment=row.comment,
                question=row.question,
                answer=row.answer_text,
                verdict_status=row.verdict_status,
                declined=bool(row.declined),
                conversation_id=row.conversation_id,
                created_at=datetime.fromtimestamp(row.created_at, tz=UTC),
                rater=row.rater,
            )
            for row in rows
        ]


def format_feedback(item: Feedback) -> str:
    verdict = item.verdict_status or ("declined" if item.declined else "no verdict")
    mark = "+1" if item.rating == "up" else "-1"
    when = f"{item.created_at:%Y-%m-%d %H:%M} UTC"
    by = f"  by: {item.rater}" if item.rater else ""
    lines = [
        f"{when}  {mark}  verdict: {verdict}  answer: {_printable(item.answer_id)}{_printable(by)}",
        f"  Q: {_one_line(item.question)}",
        f"  A: {_one_line(item.answer, 300)}",
    ]
    if item.comment:
        lines.append(f"  comment: {_one_line(item.comment)}")
    return "\n".join(lines)


def feedback_command(
    settings: Settings, down_only: bool, limit: int = 50, out: TextIO | None = None
) -> int:
    """`berth feedback [--down]`: print recent feedback, newest first. Returns the exit code."""
    out = out or sys.stdout
    db = open_state(settings)
    try:
        conversations = ConversationStore(db, settings.conversation_ttl_seconds)
        items = FeedbackStore(db, conversations).list(
            rating="down" if down_only else None, limit=limit
        )
    finally:
        db.dispose()
    if not items:
        print("No thumbs-down feedback yet." if down_only else "No feedback yet.", file=out)
        return 0
    for item in items:
        print(format_feedback(item), file=out)
        print(file=out)
    kind = "thumbs-down " if down_only else ""
    print(f"{len(items)} {kind}item(s), newest first (at most {limit}).", file=out)
    return 0


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(_printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ESC/CSI sequences whole (colours, cursor moves, OSC titles and hyperlinks), then any other
# control or format character: a comment must not be able to drive the reader's terminal.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")


def _printable(text: str) -> str:
    text = _ESCAPE_SEQUENCE.sub("", text)
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or unicodedata.category(ch) not in {"Cc", "Cf"}
    )
