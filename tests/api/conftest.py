from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.config import Settings

from .fakes import FakeAssistant


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    # _env_file=None and explicit paths: tests never pick up a developer's .env or var/.
    values: dict[str, Any] = {
        "state_db": tmp_path / "var" / "berth.sqlite3",
        "index_dir": tmp_path / "var" / "index",
        "rate_limit_per_minute": 6000.0,
        "rate_limit_burst": 1000,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[ClientFactory]:
    """make_client(**settings_overrides, assistant=...) -> a started TestClient on a fresh app."""
    clients: list[TestClient] = []

    def factory(assistant: Any = None, **overrides: Any) -> TestClient:
        settings = make_settings(tmp_path, **overrides)
        fake = assistant if assistant is not None else FakeAssistant(settings.state_db)
        client = TestClient(create_app(settings, fake), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    return make_client()
