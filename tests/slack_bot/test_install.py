"""What an admin installs: the manifest matches what the bot serves, and `berth slack` without
its tokens says what to set (one line, exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

from slack_bot.http import PATHS

MANIFEST = Path(__file__).resolve().parents[2] / "slack_bot" / "manifest.yaml"


def test_manifest_asks_for_what_the_bot_listens_to() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    settings = manifest["settings"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "message.groups"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read",
        "chat:write",
        "commands",
        "im:history",
        "channels:history",
    } <= scopes
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/berth"
    assert settings["interactivity"]["is_enabled"] is True
    urls = {
        urlparse(settings["event_subscriptions"]["request_url"]).path,
        urlparse(settings["interactivity"]["request_url"]).path,
        urlparse(command["url"]).path,
    }
    assert urls == set(PATHS)


def test_berth_slack_without_tokens_says_what_to_set(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_SLACK_")}
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "slack"],
        env={**env, "BERTH_STATE_DB": str(tmp_path / "s.sqlite3")},
        cwd=tmp_path,  # no .env here
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("berth: error: ")
    assert "BERTH_SLACK_BOT_TOKEN" in lines[0] and "BERTH_SLACK_APP_TOKEN" in lines[0]
