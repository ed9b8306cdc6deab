"""The state database: SQLite by default (one file, WAL), PostgreSQL for several replicas.

One `StateDatabase` per process and URL is shared by the stores (conversations, feedback, the
Slack thread map and event dedupe). It owns the SQLAlchemy engine, brings the schema to the
latest Alembic revision when opened, and turns the database's "come back later" failures into
`StateBusy`/`StateUnavailable` (503 + Retry-After in the API, one line and exit 2 in the CLI):

- SQLite: another process held the write lock past the busy timeout ("database is locked").
  Writes take it up front (BEGIN IMMEDIATE), so a read-then-write cannot deadlock; reads never
  wait for a writer (WAL).
- PostgreSQL: a lock not granted within the busy timeout (lock_timeout), a deadlock or
  serialisation failure, a connection refused or dropped, or no pooled connection free in time.

Either way the transaction rolled back, so nothing stored is lost and the request can be sent
again. Engines are disposed in a forked child (uvicorn workers), which opens its own
connections instead of sharing its parent's sockets.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock, Timeout
from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from assistant.config import Settings
from assistant.errors import StateBusy, StateUnavailable

DEFAULT_BUSY_TIMEOUT_SECONDS = 5.0
MIGRATIONS = Path(__file__).with_name("migrations")
# pg_advisory_xact_lock key: "berth" in ASCII, so replicas starting at once migrate one by one.
_MIGRATION_LOCK_KEY = 0x6265727468
_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

_open: weakref.WeakSet[StateDatabase] = weakref.WeakSet()


def _dispose_after_fork() -> None:
    # close=False: the parent's connections stay the parent's; the child just forgets them.
    for database in list(_open):
        database.engine.dispose(close=False)


os.register_at_fork(after_in_child=_dispose_after_fork)


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{path}"


class StateDatabase:
    def __init__(
        self,
        url: str,
        *,
        busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
        pool_size: int = 5,
        max_overflow: int = 5,
        migrate: bool = True,
    ) -> None:
        parsed = make_url(url)
        self.url = parsed
        self.dialect = parsed.get_backend_name()
        self.busy_timeout = busy_timeout_seconds
        self.path: Path | None = None
        if self.dialect == "sqlite":
            self.engine = self._sqlite_engine(parsed.database or ":memory:")
        elif self.dialect == "postgresql":
            self.engine = self._postgres_engine(url, pool_size, max_overflow)
        else:
            raise ValueError(f"BERTH_STATE_URL: unsupported database '{self.dialect}'")
        _open.add(self)
        if migrate:
            self.migrate()

    @property
    def name(self) -> str:
        """For messages: the file's name, or the PostgreSQL database (never the password)."""
        if self.path is not None:
            return self.path.name
        return f"{self.url.database} on {self.url.host}:{self.url.port or 5432}"

    def _sqlite_engine(self, database: str) -> Engine:
        memory = database == ":memory:"
        if not memory:
            self.path = Path(database)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            sqlite_url(database),
            # One shared connection for :memory: (each new one would be an empty database).
            poolclass=StaticPool if memory else None,
            connect_args={"timeout": self.busy_timeout, "check_same_thread": False},
        )
        busy_ms = int(self.busy_timeout * 1000)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi: Any, _: Any) -> None:
            # The driver's own BEGIN handling is off; `_on_begin` issues the right BEGIN.
            dbapi.isolation_level = None
            cursor = dbapi.cursor()
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit does not wait for fsync (8.8 ms here, twice a request).
            # A process crash loses nothing; a power cut may lose the last turns, never
            # corrupt the file.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get("berth_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def _postgres_engine(self, url: str, pool_size: int, max_overflow: int) -> Engine:
        lock_ms = int(self.busy_timeout * 1000)
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=self.busy_timeout,
            # A connection the server dropped (restart, failover) is replaced, not handed out.
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": max(1, round(self.busy_timeout)),
                "options": f"-c lock_timeout={lock_ms}",
            },
        )

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that writes: committed on exit, rolled back on any error."""
        with self._mapped(), self.engine.connect() as conn:
            conn = conn.execution_options(berth_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._mapped(), self.engine.connect() as conn, conn.begin():
            yield conn

    def migrate(self) -> None:
        """Upgrade to the latest revision, one process at a time (a file lock next to an
        SQLite file, a transaction-scoped advisory lock on PostgreSQL): replicas starting at
        once must not all create the same tables. Cheap when already at the latest."""
        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        with self.read() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        with self._migration_lock(), self._mapped(), self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            config = self._alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()
        _open.discard(self)

    def _alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return config

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        if self.path is None:
            yield
            return
        try:
            with FileLock(str(self.path) + ".migrate.lock", timeout=max(self.busy_timeout, 30)):
                yield
        except Timeout:
            raise self._busy() from None

    @contextmanager
    def _mapped(self) -> Iterator[None]:
        try:
            yield
        except exc.TimeoutError:  # no pooled connection free within the busy timeout
            raise StateBusy(
                f"the state database {self.name} is busy: no connection free within"
                f" {self.busy_timeout:g} s; nothing was changed, retry shortly"
            ) from None
        except exc.DBAPIError as error:
            mapped = self._map(error)
            if mapped is None:
                raise
            raise mapped from None

    def _map(self, error: exc.DBAPIError) -> StateBusy | None:
        original = error.orig
        if self.dialect == "sqlite":
            code = getattr(original, "sqlite_errorcode", 0) & 0xFF
            return self._busy() if code in _SQLITE_BUSY else None
        if (
            isinstance(error, exc.OperationalError | exc.InterfaceError)
            or error.connection_invalidated
        ):
            # lock_not_available, deadlock_detected, serialization_failure and lost or refused
            # connections are all OperationalError in psycopg.
            state = getattr(original, "sqlstate", None) or ""
            if state.startswith(("55P03", "40")):
                return self._busy()
            return StateUnavailable(
                f"the state database {self.name} cannot be reached; nothing was changed,"
                " retry shortly"
            )
        return None

    def _busy(self) -> StateBusy:
        holder = "another process held its write lock" if self.path else "a lock was held"
        return StateBusy(
            f"the state database {self.name} is busy: {holder} for over"
            f" {self.busy_timeout:g} s; nothing was changed, retry shortly"
        )


def open_database(
    source: StateDatabase | Path | str,
    busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
) -> StateDatabase:
    """What a store was given: a shared database as it is, a path (SQLite) or a URL."""
    if isinstance(source, StateDatabase):
        return source
    url = sqlite_url(source) if isinstance(source, Path) else source
    return StateDatabase(url, busy_timeout_seconds=busy_timeout_seconds)


def open_state(settings: Settings) -> StateDatabase:
    """The database the settings name: BERTH_STATE_URL when set, else the BERTH_STATE_DB file."""
    url = settings.state_url.get_secret_value() if settings.state_url else None
    return StateDatabase(
        url or sqlite_url(settings.state_db),
        busy_timeout_seconds=settings.state_busy_timeout_seconds,
        pool_size=settings.state_pool_size,
        max_overflow=settings.state_max_overflow,
    )
