"""Shared fixtures: the real embedding model and a real index built from the repo corpus, once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from berth_testing import make_settings
from langchain_core.embeddings import Embeddings
from servers import ChromaServer, PostgresServer, RedisServer, require_binary, require_postgres

from assistant.config import PACKAGED_MODEL, Settings
from assistant.ingest.embeddings import enforce_offline, load_embeddings

enforce_offline()


@pytest.fixture(scope="session")
def embeddings() -> Embeddings:
    return load_embeddings(PACKAGED_MODEL)


@pytest.fixture(scope="session")
def built_index_settings(
    tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings
) -> Settings:
    from assistant.ingest.index import ingest

    settings = make_settings(tmp_path_factory.mktemp("berth"))
    ingest(settings, lambda: embeddings)
    return settings


@pytest.fixture(scope="session")
def assistant(built_index_settings: Settings, embeddings: Embeddings) -> Iterator[object]:
    from assistant.pipeline.assistant import Assistant

    built = Assistant.from_settings(built_index_settings, embeddings=embeddings)
    yield built
    built.close()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A throwaway redis-server on a free port (installed by `make test` when missing)."""
    binary = require_binary("redis-server", "apt-get install -y redis-server (make redis)")
    server = RedisServer(binary).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL 15 for the session; tests take fresh databases on it."""
    server = PostgresServer(require_postgres()).init().start()
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def state_source(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """What the state stores open, once per backend: an SQLite file, or a fresh PostgreSQL
    database on the session's throwaway server."""
    if request.param == "sqlite":
        return tmp_path / "var" / "berth.sqlite3"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A throwaway Chroma server (`chroma run` from the venv) on a free port."""
    server = ChromaServer(tmp_path / "chroma-server").start()
    yield server
    server.stop()
