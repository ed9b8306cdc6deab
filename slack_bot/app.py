"""Builds the bolt App: Web API client (retries on rate limits), dedupe, listeners, stores.

One builder for both modes: HTTP (`slack_bot.http.mount`, requests signed with the signing
secret) and Socket Mode (`slack_bot.socket_mode`, events over a WebSocket opened with the app
token, so no signature to check).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from assistant.config import Settings
from assistant.errors import BerthError
from assistant.state.conversations import ConversationStore
from assistant.state.db import StateDatabase, open_state
from assistant.state.feedback import FeedbackStore
from assistant.state.slack import SlackEvents, SlackThreads
from slack_bot.answering import AnswersProvider, Responder
from slack_bot.limits import SlackLimits
from slack_bot.listeners import Listeners

logger = logging.getLogger("berth.slack")

# Threads that run lazy listeners (answers, button clicks); more questions queue.
LISTENER_THREADS = 8


class SlackNotConfigured(BerthError):
    code = "slack_not_configured"


@dataclass
class SlackBot:
    app: App
    threads: SlackThreads
    events: SlackEvents
    conversations: ConversationStore
    feedback: FeedbackStore
    executor: ThreadPoolExecutor
    db: StateDatabase

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.db.dispose()  # the stores share it


def build_bot(
    settings: Settings, answers: AnswersProvider, *, socket_mode: bool = False
) -> SlackBot:
    """Raises SlackNotConfigured when the settings lack what the mode needs."""
    if settings.slack_bot_token is None:
        raise SlackNotConfigured("set BERTH_SLACK_BOT_TOKEN (the bot's xoxb- token)")
    if not socket_mode and settings.slack_signing_secret is None:
        raise SlackNotConfigured("set BERTH_SLACK_SIGNING_SECRET for HTTP mode")
    client = WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        # Slack answers 429 with Retry-After when a channel gets more than ~1 message a second;
        # the SDK's handler waits and retries instead of losing the answer.
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    executor = ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="berth-slack")
    app = App(
        name="berth",
        client=client,
        signing_secret=(
            settings.slack_signing_secret.get_secret_value()
            if settings.slack_signing_secret
            else ""
        ),
        # auth.test runs on the first request instead of here, so the API starts (and serves
        # /v1) even while Slack is unreachable.
        token_verification_enabled=False,
        request_verification_enabled=not socket_mode,
        listener_executor=executor,
        logger=logging.getLogger("berth.slack.bolt"),
    )
    db = open_state(settings)
    conversations = ConversationStore(db, settings.conversation_ttl_seconds)
    threads = SlackThreads(db, settings.conversation_ttl_seconds)
    events = SlackEvents(db, settings.slack_event_ttl_seconds)
    feedback = FeedbackStore(db, conversations)
    app.use(_dedupe(events))
    responder = Responder(settings, answers, threads, SlackLimits(settings))
    Listeners(settings, responder, threads, conversations, feedback).register(app)
    return SlackBot(app, threads, events, conversations, feedback, executor, db)


def _dedupe(events: SlackEvents) -> Callable[..., BoltResponse | None]:
    """Answers each event once: Slack redelivers (X-Slack-Retry-Num) when an ack was slow or
    lost. Keyed on the event id, never on the retry header, so a retry whose first delivery
    never arrived is still answered. Runs after signature verification (bolt's built-ins come
    first), so unsigned requests cannot burn ids."""

    def dedupe(
        req: BoltRequest, resp: BoltResponse | None, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not events.claim(event_id):
            retry = req.headers.get("x-slack-retry-num", [""])
            logger.info(
                "duplicate slack delivery skipped",
                extra={"event_id": event_id, "retry_num": retry[0] if retry else ""},
            )
            return BoltResponse(status=200, body="")
        return next()

    return dedupe
