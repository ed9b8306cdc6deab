"""Slack's events, the slash command and button clicks, wired to the Responder and the stores.

Every listener acks at once and does its work in a lazy listener (a thread), so Slack gets its
200 well inside 3 seconds whatever the answer costs.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.config import Settings
from assistant.errors import AnswerNotFound
from assistant.models import Language
from assistant.state.conversations import ConversationStore
from assistant.state.feedback import FeedbackStore, Rating
from assistant.state.slack import SLACK_OWNER, SlackThreads
from slack_bot import mrkdwn
from slack_bot.answering import Ask, Responder
from slack_bot.blocks import (
    ACTION_DOWN,
    ACTION_REASON_PREFIX,
    ACTION_SHARE,
    ACTION_UP,
    SlackMessage,
    answer_messages,
    reason_message,
    text_message,
)
from slack_bot.strings import t

logger = logging.getLogger("berth.slack")

DM_THREAD_KEY = "dm"
"""A DM's main view is one running conversation (threads inside a DM get their own)."""


def _ack(ack: Ack) -> None:
    ack()


@dataclass
class Listeners:
    settings: Settings
    responder: Responder
    threads: SlackThreads
    conversations: ConversationStore
    feedback: FeedbackStore

    def register(self, app: App) -> None:
        app.event("app_mention")(ack=_ack, lazy=[self.on_mention])
        app.event("message")(ack=_ack, lazy=[self.on_message])
        app.command("/berth")(ack=_ack, lazy=[self.on_command])
        app.action(ACTION_UP)(ack=_ack, lazy=[self.on_feedback])
        app.action(ACTION_DOWN)(ack=_ack, lazy=[self.on_feedback])
        app.action(re.compile("^" + ACTION_REASON_PREFIX))(ack=_ack, lazy=[self.on_reason])
        app.action(ACTION_SHARE)(ack=_ack, lazy=[self.on_share])

    # --- questions ---------------------------------------------------------------------------

    def on_mention(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        root = event.get("thread_ts") or event["ts"]
        self.responder.handle(
            Ask(
                question=mrkdwn.question_text(event.get("text", ""), context.bot_user_id),
                channel=event["channel"],
                user=event.get("user", ""),
                thread_key=root,
                reply_ts=root,
            ),
            client,
        )

    def on_message(self, event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        # Edits, deletions, joins and other bots' posts are not questions.
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        text = event.get("text", "")
        channel = event["channel"]
        thread = event.get("thread_ts")
        question = mrkdwn.question_text(text, context.bot_user_id)
        if event.get("channel_type") == "im":
            ask = Ask(question, channel, event["user"], thread or DM_THREAD_KEY, thread)
            self.responder.handle(ask, client)
            return
        if not thread or thread == event.get("ts"):
            return  # a channel message outside a thread: only a mention asks Berth
        if mrkdwn.mentions(text, context.bot_user_id):
            return  # the app_mention event for the same message answers it
        if channel in self.settings.slack_mention_only_channels:
            return
        if self.threads.get(channel, thread) is None:
            return  # a thread Berth has not answered in
        self.responder.handle(
            Ask(question, channel, event["user"], thread, thread, mentioned=False), client
        )

    def on_command(self, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ask = Ask(
            question=mrkdwn.question_text(command.get("text", ""), None),
            channel=command["channel_id"],
            user=command["user_id"],
            thread_key=None,
            reply_ts=None,
            respond=respond,
        )
        self.responder.handle(ask, client)

    # --- buttons -----------------------------------------------------------------------------

    def on_feedback(
        self, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        rating: Rating = "up" if action["action_id"] == ACTION_UP else "down"
        user = body["user"]["id"]
        team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
        try:
            language = self.conversations.get_answer(action["value"], SLACK_OWNER).language
            item = self.feedback.add(
                action["value"],
                rating,
                None,
                rater=f"slack:{team}/{user}" if team else user,
                owner=SLACK_OWNER,
            )
        except AnswerNotFound:
            _tell_clicker(body, client, respond, text_message(t("feedback.gone", "en")))
            return
        message = (
            text_message(t("feedback.thanks", language))
            if rating == "up"
            else reason_message(f"{item.id}:{language}", language)
        )
        _tell_clicker(body, client, respond, message)

    def on_reason(self, action: dict[str, Any], respond: Respond) -> None:
        reason = action["action_id"][len(ACTION_REASON_PREFIX) :]
        feedback_id, _, lang = action["value"].partition(":")
        language: Language = "ko" if lang == "ko" else "en"
        self.feedback.set_comment(feedback_id, f"reason: {reason}")
        label = t(f"feedback.reason.{reason}", language)
        respond(replace_original=True, text=t("feedback.reason_noted", language, reason=label))

    def on_share(
        self, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        user = body["user"]["id"]
        channel = body["channel"]["id"]
        try:
            answer = self.conversations.get_answer(action["value"], SLACK_OWNER)
        except AnswerNotFound:
            respond(
                response_type="ephemeral", replace_original=False, text=t("feedback.gone", "en")
            )
            return
        messages = answer_messages(
            answer, max_chars=self.settings.slack_message_chars, shared_by=user
        )
        try:
            first = client.chat_postMessage(
                channel=channel, unfurl_links=False, unfurl_media=False, **messages[0].payload()
            )
            root = str(first["ts"])
            for message in messages[1:]:
                client.chat_postMessage(
                    channel=channel, thread_ts=root, unfurl_links=False, **message.payload()
                )
        except SlackApiError as exc:
            logger.warning("share failed", extra={"slack_error": exc.response.get("error")})
            respond(
                response_type="ephemeral",
                replace_original=False,
                text=t("not_in_channel", answer.language),
            )
            return
        # Replies under the shared answer continue its conversation.
        if answer.conversation_id:
            self.threads.put(channel, root, answer.conversation_id)
        respond(replace_original=True, text=t("shared", answer.language))


def _tell_clicker(
    body: dict[str, Any], client: WebClient, respond: Respond, message: SlackMessage
) -> None:
    """Only the person who clicked sees the acknowledgement."""
    if (body.get("container") or {}).get("is_ephemeral"):
        # An ephemeral answer (from /berth) is not in the channel: reply through response_url.
        respond(response_type="ephemeral", replace_original=False, **message.payload())
        return
    thread = (body.get("message") or {}).get("thread_ts")
    client.chat_postEphemeral(
        channel=body["channel"]["id"],
        user=body["user"]["id"],
        thread_ts=thread,
        **message.payload(),
    )
