"""Owners of conversations (issue 10) and an explicit turn order (issue 15).

`owner`: files from before owners read 'anonymous' (the principal with auth off), so their
threads stay usable with auth off and are reachable by no API key. A file written by the
pre-migration owner code already has the column and keeps it.

`seq`: today's SQLite files order a thread's turns by (created_at, rowid); PostgreSQL has no
rowid, so each turn gets its place in its thread, numbered in exactly that order.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    bind = op.get_bind()
    if "owner" not in _columns("conversations"):
        op.add_column(
            "conversations",
            sa.Column("owner", sa.Text, nullable=False, server_default=sa.text("'anonymous'")),
        )
    if "seq" not in _columns("turns"):
        op.add_column("turns", sa.Column("seq", sa.Integer))
        if bind.dialect.name == "sqlite":
            # Numbered as the old code ordered them: by created_at, then rowid.
            op.execute(
                "UPDATE turns SET seq = (SELECT COUNT(*) FROM turns AS t"
                " WHERE t.conversation_id = turns.conversation_id AND"
                " (t.created_at < turns.created_at OR"
                " (t.created_at = turns.created_at AND t.rowid <= turns.rowid)))"
            )
    op.create_index("turns_order", "turns", ["conversation_id", "seq"], unique=True)


def downgrade() -> None:
    op.drop_index("turns_order", table_name="turns")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("seq")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("owner")
