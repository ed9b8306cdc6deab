"""Alembic environment: always run by `assistant.state.db.StateDatabase.migrate`, which passes
the connection (already holding the migration lock) in `config.attributes["connection"]`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from assistant.state.schema import metadata

connection: Connection = context.config.attributes["connection"]
# render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
