"""Fixtures for the compat tests: the repo's tables, loaded once, judged on a fixed date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.compat import CompatEngine, Decision
from assistant.compat.query import CompatQuery
from assistant.compat.reason import Ctx

REPO_COMPAT = Path(__file__).resolve().parents[3] / "corpus" / "compat"
CHECKED = date(2026, 11, 28)
"""The date the tables were checked; retirements are judged against it."""


@pytest.fixture(scope="session")
def repo_compat() -> Path:
    return REPO_COMPAT


@pytest.fixture(scope="session")
def checked() -> date:
    return CHECKED


@pytest.fixture(scope="session")
def engine() -> CompatEngine:
    return CompatEngine.load(REPO_COMPAT, today=CHECKED)


@pytest.fixture(scope="session")
def ask(engine: CompatEngine):  # type: ignore[no-untyped-def]
    """Ask one question the way the chain does: understand, then decide in the given language."""

    def _ask(question: str, language: str = "en") -> Decision | None:
        return engine.decide(engine.understand(question), language)  # type: ignore[arg-type]

    return _ask


@pytest.fixture(scope="session")
def verdict(engine: CompatEngine):  # type: ignore[no-untyped-def]
    """The status the engine decides for a query already read, or None for no decision."""

    def _verdict(query: CompatQuery, language: str = "en") -> str | None:
        decision = engine.decide(query, language)  # type: ignore[arg-type]
        return decision.verdict.status if decision is not None else None

    return _verdict


@pytest.fixture(scope="session")
def ctx(engine: CompatEngine) -> Ctx:
    """The reasoner's context: the repo's tables, judged on the date they were checked."""
    return engine.context()
