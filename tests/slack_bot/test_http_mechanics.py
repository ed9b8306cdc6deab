"""HTTP mode mechanics against a real uvicorn and the real Assistant: signatures, retries,
the slash command and its share button, feedback buttons, failures, limits, long answers."""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from slack_stub import (
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    Call,
    SlackStub,
    new_channel,
)

from api.app import create_app
from assistant.state.conversations import ConversationStore
from assistant.state.feedback import FeedbackStore, format_feedback
from slack_bot.blocks import (
    ACTION_DOWN,
    ACTION_REASON_PREFIX,
    ACTION_SHARE,
    ACTION_UP,
    SlackMessage,
    limit_problems,
)

pytestmark = pytest.mark.integration
GKE = "Can I run my .NET Framework app on GKE?"


def posted_in(channel: str, method: str = "chat.postMessage"):  # type: ignore[no-untyped-def]
    return lambda c: c.method == method and c.params.get("channel") == channel


def mention(channel: str, text: str, ts: str, user: str = "UASKER1") -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }


def actions_of(call: Call) -> dict[str, str]:
    block = [b for b in call.blocks if b["type"] == "actions"][-1]
    return {e["action_id"]: e["value"] for e in block["elements"]}


def test_bad_signature_and_stale_timestamp_are_refused(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings()) as slack:
        event = mention(channel, GKE, slack.message_ts())
        forged = slack.event(event, signature="v0=" + "0" * 64)
        stale = slack.event(event, timestamp=int(time.time()) - 10 * 60)
        unsigned = httpx.post(slack.base + "/slack/events", json={"type": "event_callback"})
        # Slack checks the events URL with a signed challenge when an admin saves it.
        body = json.dumps({"type": "url_verification", "token": "x", "challenge": "ch4ll3nge"})
        challenge = slack.post("/slack/events", body, "application/json")
        # A good one afterwards proves the refusals were about the signature, not the event.
        ok = slack.event(mention(channel, GKE, slack.message_ts()))
        stub.wait_for(posted_in(channel))
    assert (forged.status_code, stale.status_code, unsigned.status_code) == (401, 401, 401)
    assert ok.status_code == 200
    assert challenge.status_code == 200 and "ch4ll3nge" in challenge.text
    assert len(stub.matching(posted_in(channel))) == 1


def test_retried_event_is_answered_once_and_a_first_delivery_retry_is_not_dropped(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings()) as slack:
        event = mention(channel, GKE, slack.message_ts())
        event_id = "Ev" + uuid.uuid4().hex[:12].upper()
        first = slack.event(event, event_id=event_id)
        retry = slack.event(event, event_id=event_id, retry_num=1)
        # A retry whose first delivery never reached us (a new id, retry header set) is answered.
        lost = mention(
            channel, "Can I deploy a Windows container to Cloud Run?", slack.message_ts()
        )
        slack.event(lost, retry_num=2)
        calls = stub.wait_for(posted_in(channel), count=2)
    assert first.status_code == retry.status_code == 200
    assert sorted(c.params["thread_ts"] for c in calls) == sorted([event["ts"], lost["ts"]])
    assert len(stub.matching(posted_in(channel))) == 2


def test_slash_command_answers_privately_with_a_share_button(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings()) as slack:
        url = stub.response_url()
        ack = slack.command(GKE, channel, "UASKER3", url)
        assert ack.status_code == 200
        (reply,) = stub.wait_for(lambda c: c.method == "response_url")
        assert reply.params["response_type"] == "ephemeral"
        assert reply.blocks[0]["text"]["text"].startswith("⚠️ *Yes, if…*")
        values = actions_of(reply)
        assert set(values) == {ACTION_SHARE, ACTION_UP, ACTION_DOWN}

        share_url = stub.response_url()
        slack.click(
            ACTION_SHARE,
            values[ACTION_SHARE],
            channel=channel,
            user="UASKER3",
            response_url=share_url,
            ephemeral=True,
        )
        (shared,) = stub.wait_for(posted_in(channel))
        assert "Shared by <@UASKER3>" in shared.blocks[0]["elements"][0]["text"]
        assert shared.blocks[1]["text"]["text"].startswith("⚠️ *Yes, if…*")
        stub.wait_for(
            lambda c: c.method == "response_url" and c.params.get("replace_original") is True
        )

        # The shared answer is a thread root: replies there continue its conversation.
        root = stub.ts_of(shared)
        slack.event(
            {
                "type": "message",
                "channel_type": "channel",
                "user": "UASKER4",
                "text": "What about EKS?",
                "ts": slack.message_ts(),
                "thread_ts": root,
                "channel": channel,
            }
        )
        _, follow_up = stub.wait_for(posted_in(channel), count=2)
    assert follow_up.params["thread_ts"] == root
    assert "EKS" in json.dumps(follow_up.blocks)


def test_feedback_buttons_store_the_rating_with_the_slack_user(
    serve, slack_settings, stub: SlackStub
) -> None:
    settings = slack_settings()
    channel = new_channel()
    with serve(settings) as slack:
        ts = slack.message_ts()
        slack.event(mention(channel, GKE, ts))
        (answer,) = stub.wait_for(posted_in(channel))
        answer_id = actions_of(answer)[ACTION_UP]
        # Slack sends the whole message with a click; a long Korean one URL-encodes to far more
        # than the API's 16 KB body limit, which /slack/* therefore does not apply.
        long_text = "긴 답변 " * 4000
        message = {
            "ts": stub.ts_of(answer),
            "thread_ts": ts,
            "blocks": answer.blocks,
            "text": long_text,
        }

        slack.click(
            ACTION_UP,
            answer_id,
            channel=channel,
            user="URATER1",
            response_url=stub.response_url(),
            message=message,
        )
        (thanks,) = stub.wait_for(posted_in(channel, "chat.postEphemeral"))
        assert thanks.params["user"] == "URATER1" and thanks.params["thread_ts"] == ts
        assert "Thanks" in thanks.text

        slack.click(
            ACTION_DOWN,
            answer_id,
            channel=channel,
            user="URATER2",
            response_url=stub.response_url(),
            message=message,
        )
        _, why = stub.wait_for(posted_in(channel, "chat.postEphemeral"), count=2)
        assert why.params["user"] == "URATER2"
        reasons = {e["action_id"]: e["value"] for e in why.blocks[1]["elements"]}
        assert set(reasons) == {
            ACTION_REASON_PREFIX + r for r in ("wrong", "outdated", "missing_source")
        }
        noted_url = stub.response_url()
        slack.click(
            ACTION_REASON_PREFIX + "outdated",
            reasons[ACTION_REASON_PREFIX + "outdated"],
            channel=channel,
            user="URATER2",
            response_url=noted_url,
            ephemeral=True,
        )
        (noted,) = stub.wait_for(
            lambda c: c.method == "response_url" and c.params.get("replace_original") is True
        )
        assert "Outdated" in noted.text

    conversations = ConversationStore(settings.state_db, settings.conversation_ttl_seconds)
    store = FeedbackStore(settings.state_db, conversations)
    mine = [f for f in store.list(limit=500) if f.answer_id == answer_id]
    store.close()
    conversations.close()
    by_rater = {f.rater: f for f in mine}
    assert set(by_rater) == {f"slack:{TEAM_ID}/URATER1", f"slack:{TEAM_ID}/URATER2"}
    assert by_rater[f"slack:{TEAM_ID}/URATER1"].rating == "up"
    down = by_rater[f"slack:{TEAM_ID}/URATER2"]
    assert (down.rating, down.comment) == ("down", "reason: outdated")
    assert f"by: slack:{TEAM_ID}/URATER2" in format_feedback(down)  # what `berth feedback` prints


class Broken:
    """A service failing inside, as a bug or a lost disk would: the bot must not go silent."""

    def ask(self, question: str, **_: Any) -> Any:
        raise RuntimeError("disk I/O error at /var/secret/path")

    def ask_events(self, question: str, **_: Any) -> Any:
        raise RuntimeError("unused")

    def status(self) -> dict[str, Any]:
        return {}


def test_an_internal_error_tells_the_asker_privately_with_a_request_id(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings(), service=Broken()) as slack:
        slack.event(
            mention(
                channel,
                "GKE에서 .NET Framework 앱을 실행할 수 있나요?",
                slack.message_ts(),
                "UASKER5",
            )
        )
        (note,) = stub.wait_for(posted_in(channel, "chat.postEphemeral"))
    assert note.params["user"] == "UASKER5"
    assert "요청 ID" in note.text  # in the asker's language
    assert "disk" not in note.text and "Traceback" not in note.text
    assert stub.matching(posted_in(channel)) == []


def test_rate_limited_user_hears_why_in_private(serve, slack_settings, stub: SlackStub) -> None:
    channel = new_channel()
    settings = slack_settings(slack_user_burst=1, slack_user_per_minute=0.5)
    with serve(settings) as slack:
        slack.event(mention(channel, GKE, slack.message_ts(), "UFAST"))
        slack.event(mention(channel, GKE, slack.message_ts(), "UFAST"))
        (notice,) = stub.wait_for(posted_in(channel, "chat.postEphemeral"))
        stub.wait_for(posted_in(channel))
    assert notice.params["user"] == "UFAST"
    assert "Try again in" in notice.text


def test_slack_rate_limit_on_post_is_retried_by_the_sdk(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    stub.rate_limit_next("chat.postMessage")
    with serve(slack_settings()) as slack:
        slack.event(mention(channel, GKE, slack.message_ts()))
        first, second = stub.wait_for(posted_in(channel), count=2)
    assert first.blocks == second.blocks  # the same answer, sent again after the 429


def test_slow_answer_shows_a_working_note_then_replaces_it(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings(slack_working_after_seconds=0)) as slack:
        ts = slack.message_ts()
        slack.event(mention(channel, GKE, ts))
        (working,) = stub.wait_for(posted_in(channel))
        (update,) = stub.wait_for(posted_in(channel, "chat.update"))
    assert "Working on it" in working.text and working.params["thread_ts"] == ts
    assert update.params["ts"] == stub.ts_of(working)
    assert update.blocks[0]["text"]["text"].startswith("⚠️ *Yes, if…*")


def test_a_long_answer_is_split_into_messages_within_limits(
    serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    # The smallest budget the settings allow, so a real answer needs several messages.
    with serve(slack_settings(slack_message_chars=1000)) as slack:
        ts = slack.message_ts()
        slack.event(mention(channel, GKE, ts))
        stub.wait_for(posted_in(channel), count=2)
        time_limit = time.monotonic() + 10
        while time.monotonic() < time_limit:
            parts = stub.matching(posted_in(channel))
            if any(b["type"] == "actions" for b in parts[-1].blocks):
                break
            stub.wait_for(posted_in(channel), count=len(parts) + 1)
    assert len(parts) >= 2
    assert all(p.params["thread_ts"] == ts for p in parts)
    for part in parts:
        assert limit_problems(SlackMessage(part.text, part.blocks), max_chars=1000) == []
    assert parts[0].blocks[0]["text"]["text"].startswith("⚠️ *Yes, if…*")
    assert "continued below" in parts[0].blocks[-1]["elements"][0]["text"]
    assert parts[-1].blocks[-1]["type"] == "actions"


def test_no_slack_settings_no_slack_routes(built_index_settings, assistant) -> None:
    app = create_app(built_index_settings, assistant)
    assert not any(getattr(r, "path", "").startswith("/slack") for r in app.routes)
    with TestClient(app) as client:
        assert client.post("/slack/events", json={}).status_code == 404


def test_tokens_and_signing_secret_never_reach_the_logs(
    serve, slack_settings, stub: SlackStub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel = new_channel()
    with serve(slack_settings()) as slack:
        slack.event(mention(channel, GKE, slack.message_ts()))
        stub.wait_for(posted_in(channel))
        slack.event(mention(channel, GKE, slack.message_ts()), signature="v0=bad")
    logged = caplog.text + repr(slack_settings())
    assert "chat.postMessage" in caplog.text  # the SDK did log its calls
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in logged
