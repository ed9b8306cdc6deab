"""Fixtures for the Slack bot tests: a stub of Slack's Web API on loopback, Slack settings
pointing at it, and a real uvicorn serving the real API app with the real Assistant.

The bot shares the session Assistant's state file (feedback looks answers up there), so each
test uses its own channel ids (`new_channel()`) and event ids.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from loopback import running
from pydantic import SecretStr
from slack_stub import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, SlackSender, SlackStub, slack_stub

from api.app import create_app
from assistant.config import Settings

Serve = Callable[..., contextlib.AbstractContextManager[SlackSender]]


@pytest.fixture
def stub() -> Iterator[SlackStub]:
    with slack_stub() as server:
        yield server


@pytest.fixture
def slack_settings(built_index_settings: Settings, stub: SlackStub) -> Callable[..., Settings]:
    """slack_settings(**overrides): the session index and state file, Slack pointed at the stub."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_app_token": SecretStr(APP_TOKEN),
            "slack_api_url": stub.api_url,
            # Answers here take well under this; the indicator has its own test.
            "slack_working_after_seconds": 30.0,
            "slack_user_burst": 100,
            "slack_channel_burst": 100,
        }
        values.update(overrides)
        return built_index_settings.model_copy(update=values)

    return make


@pytest.fixture
def serve(assistant: Any) -> Serve:
    """serve(settings, service=None): a running API app; yields a SlackSender for it."""

    @contextlib.contextmanager
    def start(settings: Settings, service: Any = None) -> Iterator[SlackSender]:
        app = create_app(settings, service if service is not None else assistant)
        with running(app) as base:
            yield SlackSender(base, SIGNING_SECRET)

    return start
