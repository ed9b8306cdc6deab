"""Checks on the state file that run before anything slow (model, index) is loaded.

A state DB path that is a directory, sits under a file, is not SQLite or cannot be written used
to surface as a raw sqlite3 traceback after ~10 s of model loading. `check_state_db` opens the
file the way the stores do, takes and drops the write lock, and turns any failure into one line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assistant.config import Settings
from assistant.errors import BerthError

_SQLITE_MAGIC = b"SQLite format 3\x00"


class StateDbUnusable(BerthError):
    code = "state_db_unusable"
    http_status = 500


def check_state_db(path: Path) -> None:
    path = Path(path)
    shown = f"BERTH_STATE_DB={path}"
    if path.is_dir():
        raise StateDbUnusable(f"{shown} is a directory; point it at a file")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StateDbUnusable(f"{shown}: {parent} is a file, not a directory")
            break
    if path.is_file():
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
        if head and head != _SQLITE_MAGIC:
            raise StateDbUnusable(f"{shown} is not an SQLite database (another kind of file)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=0.5, isolation_level=None)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("CREATE TABLE IF NOT EXISTS berth_preflight (x)")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        # Locked by another writer: the file is a database someone writes to, so it is usable;
        # a write that later finds it still locked is a 503 / exit 2 (assistant.state.db).
        if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise StateDbUnusable(f"{shown} cannot be used: {exc}") from None
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StateDbUnusable(f"{shown} cannot be used: {reason}") from None


def check_state(settings: Settings) -> None:
    """The SQLite file checks above, or with BERTH_STATE_URL: the server answers and the schema
    is (brought) up to date; StateUnavailable (one line, exit 2) when it cannot be reached."""
    if settings.state_url is None:
        check_state_db(settings.state_db)
        return
    from assistant.state.db import open_state

    open_state(settings).dispose()
