"""The Block Kit JSON of the three headline questions, English and Korean, from the real
Assistant (date pinned like tests/assistant/test_answer_snapshot.py), against a stored snapshot
and against Block Kit's limits.

Regenerate (only when the rendering or an answer is meant to change; say why in the commit):
    BERTH_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/slack_bot/test_block_snapshots.py
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from answer_snapshot import PINNED_TODAY
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from slack_bot.blocks import answer_messages, limit_problems

SNAPSHOT = Path(__file__).parent / "snapshots" / "headline_blocks.json"
QUESTIONS = [
    "Can I run my .NET Framework app on GKE?",
    "Can I deploy a Windows container to Cloud Run?",
    "Can a Windows Server 2022 host run an ltsc2019 image?",
    "GKE에서 .NET Framework 앱을 실행할 수 있나요?",
    "Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?",
    "윈도우 서버 2022 호스트에서 ltsc2019 이미지를 실행할 수 있나요?",
]
_IDS = re.compile(r"\b(ans|c)_[0-9a-f]{8,}\b")


@pytest.fixture(scope="module")
def pinned_assistant(built_index_settings: Settings, embeddings: Embeddings) -> Iterator[Any]:
    from assistant.compat import CompatEngine
    from assistant.pipeline.assistant import Assistant
    from assistant.search.glossary import Glossary
    from assistant.search.retrieval import SearchIndex
    from assistant.state.conversations import ConversationStore

    settings = built_index_settings
    built = Assistant(
        settings,
        embeddings=embeddings,
        index=SearchIndex.load(settings, embeddings),
        compat=CompatEngine.load(settings.compat_dir, PINNED_TODAY),
        glossary=Glossary.for_corpus(settings.corpus_dir),
        conversations=ConversationStore(settings.state_db, settings.conversation_ttl_seconds),
    )
    yield built
    built.close()


def render(assistant: Any, question: str) -> list[dict[str, Any]]:
    answer = assistant.ask(question)
    messages = answer_messages(
        answer, max_chars=Settings.model_fields["slack_message_chars"].default
    )
    for message in messages:
        assert limit_problems(message) == [], question
    # Ids differ on every run; the rest must not.
    return json.loads(
        _IDS.sub(
            lambda m: f"{m.group(1)}_<id>",
            json.dumps([m.payload() for m in messages], ensure_ascii=False),
        )
    )


def test_headline_block_kit_matches_the_snapshot(pinned_assistant: Any) -> None:
    current = {q: render(pinned_assistant, q) for q in QUESTIONS}
    if os.environ.get("BERTH_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(current, ensure_ascii=False, indent=2) + "\n")
    stored = json.loads(SNAPSHOT.read_text())
    for question in QUESTIONS:
        assert current[question] == stored[question], question


def test_headline_answers_lead_with_the_badge_in_the_question_language(
    pinned_assistant: Any,
) -> None:
    stored = json.loads(SNAPSHOT.read_text())
    badges = {q: stored[q][0]["blocks"][0]["text"]["text"].split("\n")[0] for q in QUESTIONS}
    assert badges == {
        QUESTIONS[0]: "⚠️ *Yes, if…*",
        QUESTIONS[1]: "❌ *No*",
        QUESTIONS[2]: "⚠️ *Yes, if…*",
        QUESTIONS[3]: "⚠️ *예, 조건부로*",
        QUESTIONS[4]: "❌ *아니요*",
        QUESTIONS[5]: "⚠️ *예, 조건부로*",
    }
