"""The state tables, as SQLAlchemy Core metadata: one schema for SQLite and PostgreSQL.

Alembic migrations (assistant/state/migrations) create and upgrade them; this module is what the
stores query and what a new migration is compared against.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    text,
)

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("state", Text),
    Column("owner", Text, nullable=False, server_default=text("'anonymous'")),
    Index("conversations_updated", "updated_at"),
)

turns = Table(
    "turns",
    metadata,
    Column("answer_id", Text, primary_key=True),
    Column(
        "conversation_id",
        Text,
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # The turn's place in its thread (1, 2, …): PostgreSQL has no rowid to order by.
    Column("seq", Integer),
    Column("question", Text, nullable=False),
    Column("answer_json", Text, nullable=False),
    Column("verdict_status", Text),
    Column("state", Text),
    Column("created_at", Float, nullable=False),
    Index("turns_conversation", "conversation_id", "created_at"),
    Index("turns_order", "conversation_id", "seq", unique=True),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Text, primary_key=True),
    Column("answer_id", Text, nullable=False),
    Column("rating", Text, CheckConstraint("rating IN ('up', 'down')"), nullable=False),
    Column("comment", Text),
    Column("question", Text, nullable=False),
    Column("answer_text", Text, nullable=False),
    Column("verdict_status", Text),
    Column("declined", Boolean, nullable=False),
    Column("conversation_id", Text),
    Column("created_at", Float, nullable=False),
    Column("rater", Text),
    Index("feedback_rating", "rating", "created_at"),
)

slack_threads = Table(
    "slack_threads",
    metadata,
    Column("channel", Text, primary_key=True),
    Column("thread_ts", Text, primary_key=True),
    Column("conversation_id", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("slack_threads_updated", "updated_at"),
)

slack_events = Table(
    "slack_events",
    metadata,
    Column("event_id", Text, primary_key=True),
    Column("seen_at", Float, nullable=False),
    Index("slack_events_seen", "seen_at"),
)

# Index generations published by `berth ingest` for replicas with no local index (issue 15):
# every file of a generation's folder (manifest, chunks, BM25 inputs, compiled tables,
# glossary), and which generation is served. The vectors are in the generation's Chroma
# collection on the shared Chroma server.
index_files = Table(
    "index_files",
    metadata,
    Column("generation", Text, primary_key=True),
    Column("path", Text, primary_key=True),
    Column("content", LargeBinary, nullable=False),
)

index_pointer = Table(
    "index_pointer",
    metadata,
    Column("name", Text, primary_key=True),
    Column("generation", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
)
