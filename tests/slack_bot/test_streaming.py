"""Slack with the language-model writer: the streamed text appears in the bot's message as it
comes, a refused draft is replaced in that message, and the last edit is always the guarded
final answer. Real uvicorn, real pipeline, Slack's Web API is the loopback stub; the model is
LangChain's scripted chat model."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.embeddings import Embeddings
from llm_testing import faithful, llm_assistant
from slack_stub import BOT_USER_ID, SlackStub, new_channel

from assistant.config import Settings
from assistant.pipeline.assistant import Assistant

pytestmark = pytest.mark.integration
QUESTION = "Can I run my .NET Framework app on GKE?"


def all_text(call: Any) -> str:
    parts = []
    for block in call.blocks:
        if block["type"] == "section":
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts += [e["text"] for e in block["elements"]]
    return "\n".join(parts)


def mention(channel: str, text: str, ts: str) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "UASKER1",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }


def edits(stub: SlackStub, channel: str) -> list[Any]:
    return stub.matching(lambda c: c.method == "chat.update" and c.params.get("channel") == channel)


def ask_in_slack(serve: Any, slack_settings: Any, stub: SlackStub, service: Assistant) -> list[Any]:
    channel = new_channel()
    with serve(slack_settings(), service) as slack:
        ts = slack.message_ts()
        assert slack.event(mention(channel, QUESTION, ts)).status_code == 200
        # The working note, then at least the streamed text and the final answer as edits.
        stub.wait_for(
            lambda c: (
                c.method == "chat.update"
                and c.params.get("channel") == channel
                and "actions" in str(c.params.get("blocks"))
            ),
        )
    return edits(stub, channel)


def test_streamed_text_shows_in_the_message_then_the_final_answer(
    serve: Any,
    slack_settings: Any,
    stub: SlackStub,
    assistant: Assistant,
    built_index_settings: Settings,
    embeddings: Embeddings,
) -> None:
    text = faithful(assistant, QUESTION)
    with llm_assistant(built_index_settings, embeddings, [text]) as service:
        updates = ask_in_slack(serve, slack_settings, stub, service)
    assert len(updates) >= 2
    provisional, final = updates[0], updates[-1]
    assert "Yes, with conditions." in all_text(provisional)
    assert all_text(provisional).endswith("…")
    assert all_text(final).startswith("⚠️ *Yes, if…*")
    assert "GKE Standard" in all_text(final)


def test_a_refused_draft_is_replaced_in_the_message(
    serve: Any,
    slack_settings: Any,
    stub: SlackStub,
    assistant: Assistant,
    built_index_settings: Settings,
    embeddings: Embeddings,
) -> None:
    draft = (
        "**Yes, with conditions.** Use GKE Standard. [1]\nGKE cannot run .NET Framework apps. [1]"
    )
    with llm_assistant(built_index_settings, embeddings, [draft]) as service:
        updates = ask_in_slack(serve, slack_settings, stub, service)
    texts = [all_text(u) for u in updates]
    assert not any("cannot run .NET Framework apps" in t for t in texts)
    # The replacement (the extractive answer) is shown at once, then delivered as the answer.
    assert any("Conditions (all must hold)" in t and t.endswith("…") for t in texts)
    assert texts[-1].startswith("⚠️ *Yes, if…*")
