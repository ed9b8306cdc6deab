"""One connection to the shared SQLite state file, and what a held lock means for callers.

The file runs in WAL mode, so readers never wait for a writer; a writer waits up to the busy
timeout for another process's write lock (a `berth` CLI, another worker, a backup holding
`BEGIN IMMEDIATE`). Past it, SQLite's "database is locked" becomes `StateBusy`: the transaction
rolled back, so nothing stored is lost and the same request can simply be sent again (the API
answers 503 with Retry-After, the CLI one error line and exit 2), rather than a 500.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.errors import StateBusy

DEFAULT_BUSY_TIMEOUT_SECONDS = 5.0
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

AddedColumns = tuple[tuple[str, str, str], ...]
"""(table, column, declaration) added after a table's first release."""


class SqliteFile:
    """One connection to the shared state file, serialised by a lock so threads can share it.

    A single connection with a lock (rather than one per thread) keeps the number of open file
    handles fixed under a threaded server; every statement here is a few milliseconds at most.
    """

    def __init__(
        self,
        db_path: Path,
        schema: str,
        added_columns: AddedColumns = (),
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
    ) -> None:
        db_path = Path(db_path)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self.path = db_path
        self._busy_timeout = busy_timeout_seconds
        self._lock = threading.Lock()
        with self._busy_as_503():
            # isolation_level=None: autocommit; transactions are opened in `transaction`.
            self._conn = sqlite3.connect(
                str(db_path),
                check_same_thread=False,
                isolation_level=None,
                timeout=busy_timeout_seconds,
            )
            self._conn.row_factory = sqlite3.Row
            with self._lock:
                self._conn.execute("PRAGMA journal_mode=WAL")
                # WAL + NORMAL: a commit no longer waits for fsync (8.8 ms here, twice a
                # request, under the lock: it capped the API near 60 req/s). A process crash
                # still loses nothing; a power cut may lose the last turns, never corrupt it.
                self._conn.execute("PRAGMA synchronous=NORMAL")
                self._conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds * 1000)}")
                self._conn.execute("PRAGMA foreign_keys=ON")
                # A no-op without any lock when the tables exist, so opening a file another
                # process is writing to does not wait.
                self._conn.executescript(schema)
        self._add_missing_columns(added_columns)

    def _missing(self, added: AddedColumns) -> AddedColumns:
        present: dict[str, set[str]] = {}
        for table, _, _ in added:
            if table not in present:
                rows = self.query(f"PRAGMA table_info({table})")
                present[table] = {row["name"] for row in rows}
        return tuple(a for a in added if a[1] not in present[a[0]])

    def _add_missing_columns(self, added: AddedColumns) -> None:
        # Looked at without the write lock first: an up-to-date file (the usual case) opens
        # even while another process writes, so a read-only `berth feedback` never waits.
        if not self._missing(added):
            return
        with self.transaction() as conn:
            for table, column, declaration in added:
                present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
                if column not in present:  # checked again: another process may have added it
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._busy_as_503():
            # IMMEDIATE takes the write lock up front, so a read-then-write cannot deadlock
            # against another process doing the same.
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock, self._busy_as_503():
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _busy_as_503(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            # The primary code (low byte): SQLITE_BUSY_SNAPSHOT and friends are busy too.
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in _BUSY_CODES:
                raise
            raise StateBusy(
                f"the state database {self.path.name} is busy: another process held its write"
                f" lock for over {self._busy_timeout:g} s; nothing was changed, retry shortly"
            ) from None
