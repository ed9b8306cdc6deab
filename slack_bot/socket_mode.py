"""Socket Mode (`berth slack`): the bot opens a WebSocket to Slack with the app-level token, so
an internal workspace needs no public URL. Same bot, same stores as HTTP mode."""

from __future__ import annotations

import logging
import sys

from slack_bolt.adapter.socket_mode import SocketModeHandler

from assistant.config import Settings
from assistant.service import AnswerService
from slack_bot.app import SlackBot, SlackNotConfigured, build_bot

logger = logging.getLogger("berth.slack")


def socket_mode_handler(
    settings: Settings, service: AnswerService
) -> tuple[SlackBot, SocketModeHandler]:
    if settings.slack_app_token is None:
        raise SlackNotConfigured(
            "set BERTH_SLACK_APP_TOKEN (an xapp- token with connections:write) for Socket Mode"
        )
    bot = build_bot(settings, lambda: service, socket_mode=True)
    handler = SocketModeHandler(bot.app, app_token=settings.slack_app_token.get_secret_value())
    return bot, handler


def run(settings: Settings) -> None:
    """Blocks until interrupted. Raises BerthError (exit 2) for missing settings or index."""
    if settings.slack_bot_token is None or settings.slack_app_token is None:
        raise SlackNotConfigured(
            "Socket Mode needs BERTH_SLACK_BOT_TOKEN (xoxb-…) and BERTH_SLACK_APP_TOKEN (xapp-…)"
        )
    from assistant.pipeline.assistant import Assistant  # the model stack, loaded once

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    assistant = Assistant.from_settings(settings)
    bot, handler = socket_mode_handler(settings, assistant)
    print("berth: Slack bot connecting in Socket Mode", file=sys.stderr, flush=True)
    try:
        handler.start()
    finally:
        handler.close()
        bot.close()
        assistant.close()
