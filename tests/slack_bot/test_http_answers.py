"""HTTP mode end to end: signed requests to a real uvicorn serving the API app with the real
Assistant; Slack's Web API is the loopback stub. What is checked is what a Slack user would see
(the message, its thread, its blocks) and what is stored."""

from __future__ import annotations

import time
from typing import Any

import pytest
from slack_stub import BOT_TOKEN, BOT_USER_ID, Call, SlackStub, new_channel

from assistant.config import Settings
from assistant.state.conversations import ConversationStore
from assistant.state.slack import SLACK_OWNER, SlackThreads
from slack_bot.blocks import ACTION_DOWN, ACTION_UP, SlackMessage, limit_problems

pytestmark = pytest.mark.integration
Serve = Any


def posted_in(channel: str, method: str = "chat.postMessage"):  # type: ignore[no-untyped-def]
    return lambda c: c.method == method and c.params.get("channel") == channel


def all_text(call: Call) -> str:
    parts = []
    for block in call.blocks:
        if block["type"] == "section":
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts += [e["text"] for e in block["elements"]]
    return "\n".join(parts)


def mention(channel: str, text: str, ts: str, thread_ts: str | None = None) -> dict:
    event = {
        "type": "app_mention",
        "user": "UASKER1",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def thread_message(channel: str, text: str, ts: str, thread_ts: str, user: str = "UASKER1") -> dict:
    return {
        "type": "message",
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "channel": channel,
        "event_ts": ts,
    }


def test_mention_gets_a_threaded_answer_with_badge_and_source_links(
    serve: Serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings()) as slack:
        ts = slack.message_ts()
        started = time.monotonic()
        response = slack.event(mention(channel, "Can I run my .NET Framework app on GKE?", ts))
        acked_in = time.monotonic() - started
        assert response.status_code == 200
        assert acked_in < 3.0  # Slack's ack deadline
        (call,) = stub.wait_for(posted_in(channel))

    assert call.params["thread_ts"] == ts  # in the thread of the question, not the channel
    assert call.authorization == f"Bearer {BOT_TOKEN}"
    first = call.blocks[0]["text"]["text"]
    assert first.startswith("⚠️ *Yes, if…*")
    text = all_text(call)
    assert "*Conditions (all must hold):*" in text
    assert "GKE Standard" in text
    # [n] markers are links to the cited source, and sources are listed as links.
    assert (
        "<https://cloud.google.com/kubernetes-engine/docs/concepts/windows-server-gke|[1]>" in text
    )
    assert (
        "*[1]* <https://cloud.google.com/kubernetes-engine/docs/concepts/windows-server-gke|"
        in text
    )
    actions = [b for b in call.blocks if b["type"] == "actions"][0]
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_UP, ACTION_DOWN]
    assert actions["elements"][0]["value"].startswith("ans_")
    assert limit_problems(SlackMessage(call.text, call.blocks)) == []
    assert stub.matching(lambda c: c.method == "auth.test")


def test_korean_question_gets_korean_blocks(serve: Serve, slack_settings, stub: SlackStub) -> None:
    channel = new_channel()
    with serve(slack_settings()) as slack:
        slack.event(
            mention(channel, "Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?", slack.message_ts())
        )
        (call,) = stub.wait_for(posted_in(channel))
    assert call.blocks[0]["text"]["text"].startswith("❌ *아니요*")
    text = all_text(call)
    assert "*출처*" in text
    assert "대안" in text
    actions = [b for b in call.blocks if b["type"] == "actions"][0]
    assert actions["elements"][0]["text"]["text"] == "👍 도움이 됨"


def test_follow_up_in_the_thread_needs_no_mention_and_survives_a_restart(
    serve: Serve, slack_settings, stub: SlackStub
) -> None:
    settings: Settings = slack_settings()
    channel = new_channel()
    with serve(settings) as slack:
        root = slack.message_ts()
        slack.event(mention(channel, "Can I run my .NET Framework app on GKE?", root))
        stub.wait_for(posted_in(channel))
        slack.event(thread_message(channel, "What about EKS?", slack.message_ts(), root))
        _, eks = stub.wait_for(posted_in(channel), count=2)
    assert eks.params["thread_ts"] == root
    assert "EKS" in all_text(eks)

    threads = SlackThreads(settings.state_db, settings.conversation_ttl_seconds)
    conversations = ConversationStore(settings.state_db, settings.conversation_ttl_seconds)
    conversation_id = threads.get(channel, root)
    assert conversation_id is not None
    turns = conversations.turns(conversation_id, owner=SLACK_OWNER)
    assert [t.question for t in turns] == [
        "Can I run my .NET Framework app on GKE?",
        "What about EKS?",
    ]
    # The follow-up kept the .NET Framework workload: EKS is answered for it.
    assert "Windows" in turns[1].answer.answer

    # A new app instance (a restart, or another replica) on the same state file.
    with serve(slack_settings()) as slack:
        slack.event(thread_message(channel, "And AKS?", slack.message_ts(), root))
        *_, aks = stub.wait_for(posted_in(channel), count=3)
    assert aks.params["thread_ts"] == root
    assert threads.get(channel, root) == conversation_id
    assert [t.question for t in conversations.turns(conversation_id, owner=SLACK_OWNER)][
        -1
    ] == "And AKS?"
    threads.close()
    conversations.close()


def test_unmentioned_messages_outside_answered_threads_are_left_alone(
    serve: Serve, slack_settings, stub: SlackStub
) -> None:
    channel, quiet = new_channel(), new_channel()
    with serve(slack_settings(slack_mention_only_channels=[quiet])) as slack:
        # A thread Berth never answered in, and a top-level message: not questions to Berth.
        slack.event(
            thread_message(channel, "Can I use GKE?", slack.message_ts(), "1699999999.000001")
        )
        top = thread_message(channel, "Can I use GKE?", slack.message_ts(), "")
        del top["thread_ts"]
        slack.event(top)
        # A channel where follow-ups need a mention.
        root = slack.message_ts()
        slack.event(mention(quiet, "Can I deploy a Windows container to Cloud Run?", root))
        stub.wait_for(posted_in(quiet))
        slack.event(thread_message(quiet, "What about EKS?", slack.message_ts(), root))
        # A sentinel in the same channel, sent last: once it is answered, the follow-up before
        # it would have been answered too had it been taken.
        slack.event(mention(quiet, "Does EKS Fargate support Windows pods?", root, thread_ts=root))
        stub.wait_for(posted_in(quiet), count=2)
        stub.wait_for(posted_in(channel), count=0)
    assert stub.matching(posted_in(channel)) == []
    assert len(stub.matching(posted_in(quiet))) == 2


def test_direct_message_is_answered_and_continues(
    serve: Serve, slack_settings, stub: SlackStub
) -> None:
    dm = "D" + new_channel()[1:]
    with serve(slack_settings()) as slack:
        for n, text in enumerate(["Can I run my .NET Framework app on GKE?", "What about EKS?"], 1):
            ts = slack.message_ts()
            slack.event(
                {
                    "type": "message",
                    "channel_type": "im",
                    "user": "UASKER2",
                    "text": text,
                    "ts": ts,
                    "channel": dm,
                    "event_ts": ts,
                }
            )
            calls = stub.wait_for(posted_in(dm), count=n)
    assert all("thread_ts" not in c.params for c in calls)  # a DM answers in the conversation
    assert calls[0].blocks[0]["text"]["text"].startswith("⚠️ *Yes, if…*")
    assert "EKS" in all_text(calls[1])


def test_declined_question_is_short_and_suggests_what_berth_answers(
    serve: Serve, slack_settings, stub: SlackStub
) -> None:
    channel = new_channel()
    with serve(slack_settings()) as slack:
        slack.event(mention(channel, "What's the weather in Seoul tomorrow?", slack.message_ts()))
        (call,) = stub.wait_for(posted_in(channel))
    sections = [b for b in call.blocks if b["type"] == "section"]
    assert len(sections) == 1
    assert "outside what I know" in sections[0]["text"]["text"]
    assert "GKE" in sections[0]["text"]["text"]  # an example of what it can answer
    assert len(sections[0]["text"]["text"]) < 300
