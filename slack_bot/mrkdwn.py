"""Text between Berth and Slack: answer Markdown → Slack mrkdwn, and Slack message text → a
plain question.

Slack's mrkdwn is not Markdown: `*bold*`, `<url|label>` links, and `&`, `<`, `>` must be sent as
`&amp;`, `&lt;`, `&gt;` (https://api.slack.com/reference/surfaces/formatting#escaping) or a `<`
in an answer ("<1 GB") would start a bogus link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.models import Citation, Language

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MARKER = re.compile(r"\[(\d+)\]")
_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_BARE = re.compile(r"<([^<>|]+)>")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def escape(text: str) -> str:
    """Escape the three control characters of Slack mrkdwn (and of plain_text fallbacks)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link_url(url: str) -> str:
    """A URL safe inside `<url|label>`: `|` and `>` would end it early."""
    return escape(url).replace("|", "%7C")


def to_mrkdwn(markdown: str, citations: Mapping[int, Citation] | None = None) -> str:
    """Escape, turn `**bold**` into `*bold*`, and `[n]` markers into links to source n."""
    text = _BOLD.sub(lambda m: f"*{m.group(1).strip()}*", escape(markdown))
    if citations:

        def marker(m: re.Match[str]) -> str:
            citation = citations.get(int(m.group(1)))
            if citation is None or not citation.url:
                return m.group(0)
            return f"<{link_url(citation.url)}|[{m.group(1)}]>"

        text = _MARKER.sub(marker, text)
    return text


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line break, else a space, else hard.

    A cut never lands inside a `<url|label>` link: the piece ends before the link instead.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= limit // 2:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        opened = rest.rfind("<", 0, cut)
        if opened > rest.rfind(">", 0, cut) and opened > 0:
            cut = opened  # keep the link whole in the next piece
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def question_text(slack_text: str, bot_user_id: str | None) -> str:
    """A Slack message as the plain question Berth reads: the bot's mention removed, links and
    other mentions reduced to their labels, entities unescaped."""
    text = slack_text
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _BARE.sub(lambda m: _bare_label(m.group(1)), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def mentions(slack_text: str, user_id: str | None) -> bool:
    return bool(user_id) and f"<@{user_id}" in slack_text


def guess_language(text: str) -> Language:
    """For messages sent before there is an answer to take the language from (rate limits,
    errors): Korean if the text has Hangul, else English."""
    return "ko" if _HANGUL.search(text) else "en"


def _bare_label(inner: str) -> str:
    # <@U123>, <#C123>, <!here> have no label: keep something readable, not the id syntax.
    if inner.startswith(("@", "#")):
        return inner
    if inner.startswith("!"):
        return ""
    return inner
