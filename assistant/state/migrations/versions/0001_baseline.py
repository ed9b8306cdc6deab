"""Baseline: the tables Berth wrote before migrations (SQLite files of today's releases).

Each table is created only when missing, so a state file made by an older Berth (no
alembic_version table) is adopted as it is, and a new database gets the same tables.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing("conversations"):
        op.create_table(
            "conversations",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.Column("updated_at", sa.Float, nullable=False),
            sa.Column("state", sa.Text),
        )
        op.create_index("conversations_updated", "conversations", ["updated_at"])
    if _missing("turns"):
        op.create_table(
            "turns",
            sa.Column("answer_id", sa.Text, primary_key=True),
            sa.Column(
                "conversation_id",
                sa.Text,
                sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer_json", sa.Text, nullable=False),
            sa.Column("verdict_status", sa.Text),
            sa.Column("state", sa.Text),
            sa.Column("created_at", sa.Float, nullable=False),
        )
        op.create_index("turns_conversation", "turns", ["conversation_id", "created_at"])
    if _missing("feedback"):
        op.create_table(
            "feedback",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("answer_id", sa.Text, nullable=False),
            sa.Column("rating", sa.Text, nullable=False),
            sa.Column("comment", sa.Text),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer_text", sa.Text, nullable=False),
            sa.Column("verdict_status", sa.Text),
            sa.Column("declined", sa.Boolean, nullable=False),
            sa.Column("conversation_id", sa.Text),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.Column("rater", sa.Text),
            sa.CheckConstraint("rating IN ('up', 'down')", name="feedback_rating_values"),
        )
        op.create_index("feedback_rating", "feedback", ["rating", "created_at"])
    elif "rater" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("feedback")}:
        op.add_column("feedback", sa.Column("rater", sa.Text))  # files from before raters
    if _missing("slack_threads"):
        op.create_table(
            "slack_threads",
            sa.Column("channel", sa.Text, primary_key=True),
            sa.Column("thread_ts", sa.Text, primary_key=True),
            sa.Column("conversation_id", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Float, nullable=False),
        )
        op.create_index("slack_threads_updated", "slack_threads", ["updated_at"])
    if _missing("slack_events"):
        op.create_table(
            "slack_events",
            sa.Column("event_id", sa.Text, primary_key=True),
            sa.Column("seen_at", sa.Float, nullable=False),
        )
        op.create_index("slack_events_seen", "slack_events", ["seen_at"])


def downgrade() -> None:
    for name in ("slack_events", "slack_threads", "feedback", "turns", "conversations"):
        op.drop_table(name)
