"""Property-based fuzzing of the OpenAPI document against the real app and the real Assistant:
whatever schemathesis sends (valid or not), no 5xx, and every response matches the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from assistant.config import Settings

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


# The document is read from an app built only for it (no assistant, an in-memory state db):
# schemathesis 4.32's lazy `from_fixture` loader does not run under pytest 9 (it touches
# `Node._nodeid`), so the schema is loaded eagerly and each case is sent to the real app below.
_DOC_SETTINGS = Settings(_env_file=None, state_db=Path(":memory:"))  # type: ignore[call-arg]
schema = schemathesis.openapi.from_dict(create_app(_DOC_SETTINGS).openapi())


@pytest.fixture(scope="module")
def real_app(assistant: Any, built_index_settings: Settings) -> FastAPI:
    settings = built_index_settings.model_copy(
        update={"rate_limit_burst": 100_000, "rate_limit_per_minute": 1e6}
    )
    return create_app(settings, assistant)


# Bounded so the suite stays fast; the database is off so no .hypothesis/ cache is written.
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@schema.parametrize()
def test_api_conforms_to_its_schema(case: schemathesis.Case, real_app: FastAPI) -> None:
    case.call_and_validate(app=real_app, checks=CHECKS)
