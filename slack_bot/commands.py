"""`berth slack`, plugged into the CLI through the `berth.commands` entry point."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.config import Settings


def register(commands: Any) -> None:
    slack = commands.add_parser(
        "slack",
        help="run the Slack bot in Socket Mode (BERTH_SLACK_BOT_TOKEN, BERTH_SLACK_APP_TOKEN)",
    )
    slack.set_defaults(handler=_slack)


def _slack(args: argparse.Namespace, settings: Settings) -> int:
    from slack_bot.socket_mode import run  # slack-bolt is imported only for this command

    run(settings)
    return 0
