"""HTTP mode: the bot's three Slack endpoints on the API app.

bolt's Starlette adapter calls `App.dispatch` inside the event loop; dispatch blocks (signature
check, dedupe write, the first auth.test call), so here it runs in the threadpool instead and
only the adapter's request/response conversions are reused.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response

from assistant.config import Settings
from slack_bot.answering import AnswersProvider
from slack_bot.app import SlackBot, build_bot

PATHS = ("/slack/events", "/slack/interactions", "/slack/commands")
"""Events API, interactivity and the /berth command: the manifest's three request URLs.
One handler serves all three (bolt tells them apart by the payload); three paths keep each
URL in Slack's app config self-explanatory."""


def mount(app: FastAPI, settings: Settings, answers: AnswersProvider) -> SlackBot | None:
    """Adds the Slack routes when the bot token and signing secret are set; else does nothing
    (no Slack settings, no Slack routes). The caller closes the returned bot at shutdown."""
    if not settings.slack_http_configured:
        return None
    bot = build_bot(settings, answers)

    async def slack_endpoint(request: Request) -> Response:
        body = await request.body()
        bolt_response = await run_in_threadpool(bot.app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    for path in PATHS:
        app.add_api_route(path, slack_endpoint, methods=["POST"], include_in_schema=False)
    return bot
