"""Block Kit rendering: escaping, [n] links, the badge, limits and splitting, both languages."""

from __future__ import annotations

import re
import string

import pytest

from assistant.models import Answer, Citation, Reading, Verdict
from slack_bot import mrkdwn
from slack_bot.blocks import (
    BLOCKS_MAX,
    MAX_PARTS,
    SECTION_TEXT_MAX,
    answer_messages,
    limit_problems,
    message_chars,
)
from slack_bot.strings import STRINGS

GKE_URL = "https://cloud.google.com/kubernetes-engine/docs/concepts/windows-server-gke"


def answer(**overrides: object) -> Answer:
    values: dict[str, object] = {
        "id": "ans_1",
        "question": "Can I run it on GKE?",
        "language": "en",
        "answer": "**Yes, with conditions.** Windows pods need GKE Standard. [1]\n\n"
        "Conditions (all must hold):\n- Use GKE Standard, not Autopilot. [1]\n- Images < 4 GB & tagged ltsc2022.",
        "verdict": Verdict(status="conditional", conditions=["Use GKE Standard"]),
        "citations": [
            Citation(
                n=1,
                source="corpus/compat/platforms.yaml",
                section="gke-standard",
                url=GKE_URL,
                snippet="s",
                checked="2026-11-28",
            ),
            Citation(
                n=2,
                source="corpus/notes/gke.md",
                section="GKE and Windows > Node pools",
                url="https://example.com/a|b",
                snippet="s",
            ),
        ],
        "reading": Reading(text="Read as: a .NET Framework app on GKE."),
        "conversation_id": "c_1",
    }
    values.update(overrides)
    return Answer(**values)  # type: ignore[arg-type]


def texts(blocks: list[dict]) -> list[str]:
    out = []
    for b in blocks:
        if b["type"] == "section":
            out.append(b["text"]["text"])
        elif b["type"] == "context":
            out += [e["text"] for e in b["elements"]]
    return out


def test_badge_first_then_conditions_reading_sources_and_buttons() -> None:
    (message,) = answer_messages(answer(), max_chars=12_000)
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["section", "section", "context", "context", "actions"]
    first, conditions, reading, sources = texts(message.blocks)
    assert first == f"⚠️ *Yes, if…*\nWindows pods need GKE Standard. <{GKE_URL}|[1]>"
    assert conditions.startswith("*Conditions (all must hold):*\n• Use GKE Standard")
    assert reading == "🔎 _Read as: a .NET Framework app on GKE._"
    assert f"*[1]* <{GKE_URL}|platforms table § gke-standard> · checked 2026-11-28" in sources
    # A "|" in a URL would end the link early: it is percent-encoded.
    assert "*[2]* <https://example.com/a%7Cb|GKE and Windows § Node pools>" in sources
    assert message.text.startswith("⚠️ Yes, if… — Windows pods")


def test_mrkdwn_control_characters_are_escaped() -> None:
    (message,) = answer_messages(answer(), max_chars=12_000)
    conditions = texts(message.blocks)[1]
    assert "Images &lt; 4 GB &amp; tagged" in conditions
    assert mrkdwn.escape("<@U1> & <!here>") == "&lt;@U1&gt; &amp; &lt;!here&gt;"


@pytest.mark.parametrize(
    ("status", "en", "ko"),
    [
        ("yes", "✅ *Yes*", "✅ *예*"),
        ("no", "❌ *No*", "❌ *아니요*"),
        ("conditional", "⚠️ *Yes, if…*", "⚠️ *예, 조건부로*"),
        ("unknown", "❓ *Not settled*", "❓ *확정할 수 없음*"),
    ],
)
def test_badge_per_verdict_in_both_languages(status: str, en: str, ko: str) -> None:
    for language, expected in (("en", en), ("ko", ko)):
        (message,) = answer_messages(
            answer(language=language, verdict=Verdict(status=status)),
            max_chars=12_000,  # type: ignore[arg-type]
        )
        assert message.blocks[0]["text"]["text"].startswith(expected)


def test_decline_is_short_in_the_question_language() -> None:
    for language, word in (("en", "outside"), ("ko", "범위 밖")):
        (message,) = answer_messages(
            answer(
                language=language,
                declined=True,
                verdict=None,
                citations=[],
                answer="long text " * 50,
            ),
            max_chars=12_000,
        )
        assert [b["type"] for b in message.blocks] == ["section", "actions"]
        assert word in message.blocks[0]["text"]["text"]


def test_a_huge_answer_is_split_within_every_limit_and_keeps_its_order() -> None:
    conditions = [f"Condition {n}: " + "x" * 700 + f" [{1 + n % 2}]" for n in range(28)]
    body = "**Yes, with conditions.** Lead. [1]\n\nConditions (all must hold):\n" + "\n".join(
        f"- {c}" for c in conditions
    )
    messages = answer_messages(answer(answer=body), max_chars=11_000)
    assert 2 <= len(messages) <= MAX_PARTS
    for message in messages:
        assert limit_problems(message) == []
        assert len(message.blocks) <= BLOCKS_MAX
        assert message_chars(message) <= 11_000
        assert all(len(t) <= SECTION_TEXT_MAX for t in texts(message.blocks))
    joined = "\n".join(t for m in messages for t in texts(m.blocks))
    order = [int(n) for n in re.findall(r"Condition (\d+):", joined)]
    assert order == list(range(28))  # nothing lost, nothing repeated, in order
    assert messages[0].blocks[0]["text"]["text"].startswith("⚠️ *Yes, if…*")
    assert "continued below" in texts(messages[0].blocks)[-1]
    assert messages[-1].blocks[-1]["type"] == "actions"


def test_past_the_part_limit_the_rest_is_trimmed_with_a_pointer() -> None:
    body = "**Yes.** Lead.\n\n" + "\n\n".join(f"Paragraph {n} " + "y" * 2500 for n in range(30))
    messages = answer_messages(answer(answer=body, verdict=Verdict(status="yes")), max_chars=11_000)
    assert len(messages) == MAX_PARTS
    assert all(limit_problems(m) == [] for m in messages)
    last = texts(messages[-1].blocks)
    assert any("berth ask --conversation c_1" in t for t in last)
    assert messages[-1].blocks[-1]["type"] == "actions"


def test_split_never_cuts_a_link() -> None:
    text = ("word " * 550) + f"<{GKE_URL}|[1]> tail"
    pieces = mrkdwn.split_text(text, 2800)
    assert all(p.count("<") == p.count(">") for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_slack_text_becomes_the_plain_question() -> None:
    slack = "<@UBOT> can our <https://x.example|netfx> app run on GKE &amp; EKS? cc <@U2>"
    assert mrkdwn.question_text(slack, "UBOT") == "can our netfx app run on GKE & EKS? cc @U2"
    assert mrkdwn.guess_language("GKE에서 되나요?") == "ko"
    assert mrkdwn.guess_language("Can I?") == "en"


def test_every_bot_string_exists_in_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, by_language in STRINGS.items():
        assert set(by_language) == {"en", "ko"}, key
        names = [
            {f for _, f, _, _ in fields.parse(by_language[lang]) if f} for lang in ("en", "ko")
        ]
        assert names[0] == names[1], key


def test_fallback_text_drops_formatting_but_not_underscores_in_words() -> None:
    (message,) = answer_messages(
        answer(
            answer="**No.** Cloud Run needs the Linux x86_64 ABI. [1]", verdict=Verdict(status="no")
        ),
        max_chars=12_000,
    )
    assert message.text == "❌ No — Cloud Run needs the Linux x86_64 ABI. [1]"
