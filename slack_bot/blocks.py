"""An Answer as Slack messages (Block Kit): verdict badge first, then the answer's paragraphs
(conditions, alternatives, …), what Berth read the question as, numbered sources, feedback.

Slack refuses a message over its limits (msg_blocks_too_long), so long answers are packed into
up to `MAX_PARTS` messages that stay inside every limit below, each but the last saying that it
continues; past that the rest is trimmed with a pointer to the full answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from assistant.models import Answer, Citation, Language
from slack_bot import mrkdwn
from slack_bot.strings import badge, t

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT_MAX = 3000
CONTEXT_ELEMENTS_MAX = 10
BLOCKS_MAX = 50
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
ACTION_ID_MAX = 255
FALLBACK_TEXT_MAX = 300
MAX_PARTS = 3

ACTION_UP = "berth_feedback_up"
ACTION_DOWN = "berth_feedback_down"
ACTION_REASON_PREFIX = "berth_feedback_reason_"
ACTION_SHARE = "berth_share"

Block = dict[str, Any]
_LEAD = re.compile(r"^\*\*[^*]+\*\*\s*")
_ITALIC_MARK = re.compile(r"(?<!\w)_|_(?!\w)")


@dataclass
class SlackMessage:
    """What chat.postMessage / chat.update / respond take: notification text and blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def answer_messages(
    answer: Answer,
    *,
    max_chars: int,
    shareable: bool = False,
    shared_by: str | None = None,
) -> list[SlackMessage]:
    """The messages that carry `answer`, in order (one unless it is long)."""
    language = answer.language
    head: list[Block] = []
    if shared_by:
        question = mrkdwn.escape(_clip(answer.question, 200))
        head.append(_context([t("shared_by", language, user=shared_by, question=question)]))
    body = head + _body_blocks(answer)
    tail: list[Block] = []
    if not answer.declined:
        if answer.reading is not None and answer.reading.text.strip():
            tail.append(_context(["🔎 _" + mrkdwn.escape(answer.reading.text.strip()) + "_"]))
        tail += _source_blocks(answer.citations, language)
    tail.append(_actions(answer, shareable))
    return _pack(body, tail, language, max_chars, answer.conversation_id or "", _fallback(answer))


def text_message(text: str) -> SlackMessage:
    """A short bot message (notice, help, error) already written in mrkdwn."""
    return SlackMessage(text=_plain(text), blocks=[_section(text)])


def reason_message(feedback_id: str, language: Language) -> SlackMessage:
    """After a 👎: ask why, one button per reason (value: the stored feedback's id)."""
    from slack_bot.strings import FEEDBACK_REASONS

    buttons = [
        _button(
            t(f"feedback.reason.{reason}", language), ACTION_REASON_PREFIX + reason, feedback_id
        )
        for reason in FEEDBACK_REASONS
    ]
    why = t("feedback.why", language)
    return SlackMessage(
        text=why,
        blocks=[
            _section(why),
            {"type": "actions", "block_id": "berth_reason", "elements": buttons},
        ],
    )


def limit_problems(message: SlackMessage, max_chars: int = 12_000) -> list[str]:
    """What in `message` breaks a Block Kit limit (empty: Slack accepts it)."""
    problems: list[str] = []
    if len(message.blocks) > BLOCKS_MAX:
        problems.append(f"{len(message.blocks)} blocks > {BLOCKS_MAX}")
    total = message_chars(message)
    if total > max_chars:
        problems.append(f"{total} characters > {max_chars}")
    for n, block in enumerate(message.blocks):
        kind = block.get("type")
        if kind == "section" and len(block["text"]["text"]) > SECTION_TEXT_MAX:
            problems.append(f"block {n}: section text {len(block['text']['text'])} chars")
        if kind == "context":
            if len(block["elements"]) > CONTEXT_ELEMENTS_MAX:
                problems.append(f"block {n}: {len(block['elements'])} context elements")
            for element in block["elements"]:
                if len(element["text"]) > SECTION_TEXT_MAX:
                    problems.append(f"block {n}: context text {len(element['text'])} chars")
        if kind == "actions":
            for element in block["elements"]:
                if len(element["text"]["text"]) > BUTTON_TEXT_MAX:
                    problems.append(f"block {n}: button text too long")
                if len(element.get("value", "")) > BUTTON_VALUE_MAX:
                    problems.append(f"block {n}: button value too long")
                if len(element["action_id"]) > ACTION_ID_MAX:
                    problems.append(f"block {n}: action_id too long")
    return problems


def message_chars(message: SlackMessage) -> int:
    return len(message.text) + sum(_block_chars(b) for b in message.blocks)


# --- building blocks ---------------------------------------------------------------------


def _body_blocks(answer: Answer) -> list[Block]:
    language = answer.language
    if answer.declined:
        return [_section(t("declined", language))]
    citations = {c.n: c for c in answer.citations}
    paragraphs = [p.strip() for p in answer.answer.split("\n\n") if p.strip()]
    blocks: list[Block] = []
    if answer.verdict is not None:
        # The badge says the headline ("Yes, with conditions."), so the text's bold lead goes.
        first = _LEAD.sub("", paragraphs.pop(0)) if paragraphs else ""
        lead = badge(answer.verdict.status, language)
        text = lead + ("\n" + mrkdwn.to_mrkdwn(first, citations) if first else "")
        blocks += [_section(piece) for piece in mrkdwn.split_text(text, SECTION_TEXT_MAX)]
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        heading = lines[0].strip()
        if len(lines) > 1 and heading.endswith(":") and len(heading) < 80:
            # A label line ("Conditions (all must hold):") reads as a heading in bold.
            lines[0] = f"**{heading}**"
        text = mrkdwn.to_mrkdwn("\n".join(_bullet(line) for line in lines), citations)
        blocks += [_section(piece) for piece in mrkdwn.split_text(text, SECTION_TEXT_MAX)]
    return blocks


def _bullet(line: str) -> str:
    # Slack renders no Markdown lists: "- item" becomes a real bullet character.
    return "• " + line[2:] if line.startswith("- ") else line


def _source_blocks(citations: list[Citation], language: Language) -> list[Block]:
    if not citations:
        return []
    lines = [_source_line(c, language) for c in sorted(citations, key=lambda c: c.n)]
    text = f"*{t('sources', language)}*\n" + "\n".join(lines)
    elements = mrkdwn.split_text(text, SECTION_TEXT_MAX)
    return [
        _context(elements[i : i + CONTEXT_ELEMENTS_MAX])
        for i in range(0, len(elements), CONTEXT_ELEMENTS_MAX)
    ]


def _source_line(citation: Citation, language: Language) -> str:
    title, section = _title_and_section(citation)
    label = mrkdwn.escape(_clip(title, 120) + (f" § {_clip(section, 120)}" if section else ""))
    shown = f"<{mrkdwn.link_url(citation.url)}|{label}>" if citation.url else label
    checked = f" · {t('checked', language, date=citation.checked)}" if citation.checked else ""
    return f"*[{citation.n}]* {shown}{checked}"


def _title_and_section(citation: Citation) -> tuple[str, str]:
    path = PurePosixPath(citation.source)
    parts = [p.strip() for p in citation.section.split(">") if p.strip()]
    if path.suffix in (".yaml", ".yml"):
        # A table row: the table's name, then the row id.
        return f"{path.stem.replace('_', ' ')} table", citation.section
    if len(parts) > 1:
        return parts[0], parts[-1]
    return (parts[0] if parts else path.stem), ""


def _actions(answer: Answer, shareable: bool) -> Block:
    language = answer.language
    elements = [
        _button(t("feedback.up", language), ACTION_UP, answer.id),
        _button(t("feedback.down", language), ACTION_DOWN, answer.id),
    ]
    if shareable:
        elements.insert(0, _button(t("share", language), ACTION_SHARE, answer.id, "primary"))
    return {"type": "actions", "block_id": "berth_answer_actions", "elements": elements}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(text, BUTTON_TEXT_MAX), "emoji": True},
        "action_id": action_id,
        "value": value[:BUTTON_VALUE_MAX],
    }
    if style:
        button["style"] = style
    return button


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(texts: list[str]) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": x} for x in texts]}


# --- packing into messages -----------------------------------------------------------------


def _pack(
    body: list[Block],
    tail: list[Block],
    language: Language,
    max_chars: int,
    conversation_id: str,
    fallback: str,
) -> list[SlackMessage]:
    # Room kept in every message for its "continued" / "trimmed" note and the fallback text.
    reserve = 400 + len(fallback)
    parts: list[list[Block]] = [[]]
    for block in [*body, *tail]:
        current = parts[-1]
        size = sum(_block_chars(b) for b in current) + _block_chars(block)
        if current and (len(current) + 1 >= BLOCKS_MAX or size + reserve > max_chars):
            parts.append([])
        parts[-1].append(block)
    trimmed = len(parts) > MAX_PARTS
    if trimmed:
        # Keep the first parts whole and the actions (feedback still works on a long answer).
        parts = parts[:MAX_PARTS]
        last = parts[-1]
        while last and (
            sum(_block_chars(b) for b in last) + _block_chars(tail[-1]) + reserve > max_chars
            or len(last) + 2 >= BLOCKS_MAX
        ):
            last.pop()
        last += [_context([t("trimmed", language, cid=conversation_id)]), tail[-1]]
    total = len(parts)
    messages: list[SlackMessage] = []
    for n, blocks in enumerate(parts, start=1):
        if n < total:
            blocks = [*blocks, _context([t("continued", language)])]
        text = fallback if n == 1 else _plain(t("part", language, n=n, total=total))
        messages.append(SlackMessage(text=text, blocks=blocks))
    return messages


def _fallback(answer: Answer) -> str:
    """The notification / screen-reader text: the badge and the start of the headline."""
    language = answer.language
    if answer.declined:
        return _clip(_plain(t("declined", language)), FALLBACK_TEXT_MAX)
    first = answer.answer.split("\n\n", 1)[0]
    text = mrkdwn.to_mrkdwn(_LEAD.sub("", first)) if answer.verdict else mrkdwn.to_mrkdwn(first)
    lead = badge(answer.verdict.status, language) + " — " if answer.verdict else ""
    return _clip(_plain(lead + text), FALLBACK_TEXT_MAX)


def _block_chars(block: Block) -> int:
    kind = block.get("type")
    if kind == "section":
        return len(block["text"]["text"])
    if kind == "context":
        return sum(len(e["text"]) for e in block["elements"])
    if kind == "actions":
        return sum(len(e["text"]["text"]) + len(e.get("value", "")) for e in block["elements"])
    return 0


def _plain(text: str) -> str:
    # Bold stars and the underscores that open or close italics; never the ones inside a word
    # (x86_64, windows_ltsc_containerd).
    return _ITALIC_MARK.sub("", text.replace("*", ""))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
