"""One question from Slack to one answer in Slack: rate limit, working indicator, the thread's
conversation, the answer, delivery — and never silence: every failure becomes a private note in
the asker's language with a request id (the details go to the log under that id).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.config import Settings
from assistant.errors import BerthError, ConversationNotFound, InvalidQuestion, QuestionTooLong
from assistant.events import Delta, Done, Replace
from assistant.models import Answer, Language
from assistant.service import AnswerService
from assistant.state.slack import SLACK_OWNER, SlackThreads
from slack_bot import mrkdwn
from slack_bot.blocks import SlackMessage, answer_messages, text_message
from slack_bot.limits import SlackLimits
from slack_bot.strings import t

logger = logging.getLogger("berth.slack")

AnswersProvider = Callable[[], AnswerService | None]
"""Returns the service, or None while it is still loading (the API builds it in its lifespan)."""


@dataclass(frozen=True)
class Ask:
    question: str
    channel: str
    user: str
    thread_key: str | None
    """Which stored conversation this continues: the thread's root ts, "dm" for a DM's main
    view, None for a one-off (a slash command)."""
    reply_ts: str | None
    """Where the answer goes: the thread's root ts, or None for the channel's main view."""
    mentioned: bool = True
    """False for a follow-up in an answered thread without an @mention: a decline there is
    people talking to each other, so the bot stays out of it."""
    respond: Respond | None = None
    """Slash commands answer through their response_url (ephemeral), not chat.postMessage."""


class Responder:
    def __init__(
        self,
        settings: Settings,
        answers: AnswersProvider,
        threads: SlackThreads,
        limits: SlackLimits,
    ) -> None:
        self._settings = settings
        self._answers = answers
        self._threads = threads
        self._limits = limits

    def handle(self, ask: Ask, client: WebClient) -> None:
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        language = mrkdwn.guess_language(ask.question)
        if not ask.question:
            self._tell_privately(ask, client, t("help", language))
            return
        wait = self._limits.wait(ask.user, ask.channel)
        if wait > 0:
            logger.info("slack rate limit", extra={"request_id": request_id, "wait_s": wait})
            self._tell_privately(ask, client, t("rate_limited", language, seconds=int(wait) + 1))
            return
        working = _Working(
            lambda: self._post_working(ask, client, language),
            self._settings.slack_working_after_seconds,
        )
        progress = _Progress(
            lambda: working.now(), client, ask.channel, self._settings.slack_stream_update_seconds
        )
        try:
            answer = self._answer(ask, progress)
        except Exception as exc:  # every failure is told to the asker, none escapes silently
            self._remove_working(ask, client, working.finish())
            self._tell_privately(
                ask, client, _failure_text(exc, language, request_id, self._settings)
            )
            return
        working_ts = working.finish()
        if answer.declined and not ask.mentioned:
            self._remove_working(ask, client, working_ts)
            return
        messages = answer_messages(
            answer,
            max_chars=self._settings.slack_message_chars,
            shareable=ask.respond is not None,
        )
        try:
            self._deliver(ask, client, messages, working_ts)
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            logger.warning(
                "slack delivery failed", extra={"request_id": request_id, "slack_error": error}
            )
            text = (
                t("not_in_channel", answer.language)
                if error in ("not_in_channel", "channel_not_found")
                else t("error.internal", answer.language, request_id=request_id)
            )
            self._tell_privately(ask, client, text)
            return
        bot_ms = (time.perf_counter() - started) * 1000
        answer_ms = answer.timings_ms.get("total", 0.0)
        logger.info(
            "slack answer",
            extra={
                "request_id": request_id,
                "answer_id": answer.id,
                "parts": len(messages),
                "bot_ms": round(bot_ms, 2),
                "answer_ms": answer_ms,
                "added_ms": round(bot_ms - answer_ms, 2),
            },
        )

    def _answer(self, ask: Ask, progress: _Progress) -> Answer:
        service = self._answers()
        if service is None:
            raise _NotReady()
        conversation_id = None
        if ask.thread_key is not None:
            conversation_id = self._threads.get(ask.channel, ask.thread_key)
        # A language model's text arrives over time: it is shown in the working message as it
        # comes (a response_url cannot be edited that often, so slash commands wait).
        streamed = bool(getattr(service, "streams_text", False)) and ask.respond is None
        ask_once = _streaming(service, progress) if streamed else service.ask
        try:
            answer = ask_once(ask.question, conversation_id=conversation_id, owner=SLACK_OWNER)
        except ConversationNotFound:
            # The thread's conversation expired (or was purged): the thread starts afresh.
            answer = ask_once(ask.question, conversation_id=None, owner=SLACK_OWNER)
        if ask.thread_key is not None and answer.conversation_id:
            self._threads.put(ask.channel, ask.thread_key, answer.conversation_id)
        return answer

    def _deliver(
        self,
        ask: Ask,
        client: WebClient,
        messages: list[SlackMessage],
        working_ts: str | None,
    ) -> None:
        first, *rest = messages
        if ask.respond is not None:
            ask.respond(
                response_type="ephemeral",
                replace_original=working_ts is not None,
                **first.payload(),
            )
            for message in rest:
                ask.respond(response_type="ephemeral", replace_original=False, **message.payload())
            return
        if working_ts is not None:
            client.chat_update(channel=ask.channel, ts=working_ts, **first.payload())
        else:
            self._post(client, ask, first)
        for message in rest:
            self._post(client, ask, message)

    def _post(self, client: WebClient, ask: Ask, message: SlackMessage) -> str:
        response = client.chat_postMessage(
            channel=ask.channel,
            thread_ts=ask.reply_ts,
            # Sources are links: unfurling each would bury the answer under previews.
            unfurl_links=False,
            unfurl_media=False,
            **message.payload(),
        )
        return str(response["ts"])

    def _post_working(self, ask: Ask, client: WebClient, language: Language) -> str | None:
        note = text_message(t("working", language))
        try:
            if ask.respond is not None:
                ask.respond(response_type="ephemeral", **note.payload())
                return "response_url"
            return self._post(client, ask, note)
        except SlackApiError:
            logger.warning("could not post the working indicator", exc_info=True)
            return None

    def _remove_working(self, ask: Ask, client: WebClient, working_ts: str | None) -> None:
        if working_ts is None:
            return
        try:
            if ask.respond is not None:
                ask.respond(delete_original=True)
            else:
                client.chat_delete(channel=ask.channel, ts=working_ts)
        except SlackApiError:
            logger.warning("could not remove the working indicator", exc_info=True)

    def _tell_privately(self, ask: Ask, client: WebClient, text: str) -> None:
        note = text_message(text)
        try:
            if ask.respond is not None:
                ask.respond(response_type="ephemeral", replace_original=False, **note.payload())
            else:
                client.chat_postEphemeral(
                    channel=ask.channel, user=ask.user, thread_ts=ask.reply_ts, **note.payload()
                )
        except SlackApiError:
            # Nothing is left to tell the user with; the log keeps the request id.
            logger.exception("could not tell the user privately")


def _streaming(service: AnswerService, progress: _Progress) -> Callable[..., Answer]:
    def ask(question: str, *, conversation_id: str | None, owner: str) -> Answer:
        text = ""
        for event in service.stream(question, conversation_id=conversation_id, owner=owner):
            if isinstance(event, Delta):
                text += event.text
                progress.show(text)
            elif isinstance(event, Replace):
                # The text shown so far was withdrawn: the message shows the replacement now.
                text = event.text
                progress.show(text, now=True)
            elif isinstance(event, Done):
                return event.answer
        raise RuntimeError("the answer stream ended without a Done event")

    return ask


class _Progress:
    """Edits the working message with the text streamed so far, at most once a `every`
    seconds; the final answer (the Done's, guarded) replaces it in `_deliver`."""

    def __init__(
        self, message: Callable[[], str | None], client: WebClient, channel: str, every: float
    ) -> None:
        self._message = message
        self._client = client
        self._channel = channel
        self._every = every
        self._last = 0.0

    def show(self, text: str, *, now: bool = False) -> None:
        moment = time.monotonic()
        if not text.strip() or (not now and moment - self._last < self._every):
            return
        ts = self._message()
        if ts is None:
            return
        self._last = moment
        note = text_message(mrkdwn.to_mrkdwn(text) + " …")
        try:
            self._client.chat_update(channel=self._channel, ts=ts, **note.payload())
        except SlackApiError:
            logger.warning("could not show the streamed text", exc_info=True)


class _NotReady(Exception):
    """The service is still loading (the API lifespan has not finished building it)."""


def _failure_text(exc: Exception, language: Language, request_id: str, settings: Settings) -> str:
    if isinstance(exc, QuestionTooLong):
        return t("error.question_too_long", language, limit=settings.max_question_chars)
    if isinstance(exc, InvalidQuestion):
        return t("error.invalid_question", language)
    if isinstance(exc, _NotReady):
        logger.warning(
            "slack question before the service was ready", extra={"request_id": request_id}
        )
        return t("error.not_ready", language, request_id=request_id)
    extra = {"request_id": request_id}
    if isinstance(exc, BerthError):
        logger.error("slack answer failed: %s", exc.code, extra=extra)
    else:
        logger.exception("slack answer failed", extra=extra, exc_info=exc)
    return t("error.internal", language, request_id=request_id)


class _Working:
    """Posts a working note if the answer is not ready after `delay` seconds.

    The note is posted under the lock, so `finish` (which takes it too) either cancels the note
    or gets its ts — the answer then replaces the note instead of racing it.
    """

    def __init__(self, post: Callable[[], str | None], delay: float) -> None:
        self._post = post
        self._lock = threading.Lock()
        self._done = False
        self._ts: str | None = None
        self._timer: threading.Timer | None = None
        if delay <= 0:
            self._fire()
        else:
            self._timer = threading.Timer(delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if not self._done and self._ts is None:
                self._ts = self._post()

    def now(self) -> str | None:
        """The note's ts, posting it at once if it is not up yet (streamed text goes in it)."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if not self._done and self._ts is None:
                self._ts = self._post()
            return self._ts

    def finish(self) -> str | None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._done = True
            return self._ts
