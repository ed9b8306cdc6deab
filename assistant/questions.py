"""One check for what can be asked, used by every surface (CLI, API, Slack, widget)."""

from __future__ import annotations

import unicodedata

from assistant.errors import InvalidQuestion, QuestionTooLong


def validate_question(question: str, max_chars: int) -> str:
    """The question, normalised (NFC, trimmed); InvalidQuestion / QuestionTooLong otherwise.

    Normalise first, then count: 1,500 Hangul syllables typed as decomposed jamo are 1,500
    characters, not 4,500, whichever surface they arrive through. Invisible format characters
    (zero-width space and joiners, BOM, soft hyphen, bidi controls) are dropped, so "G\u200bKE"
    is read as GKE; control characters (NUL, ESC, …) become spaces.
    """
    text = _visible(unicodedata.normalize("NFC", question)).strip()
    if not text:
        raise InvalidQuestion("question is empty (or only invisible or control characters)")
    if len(text) > max_chars:
        raise QuestionTooLong(f"question is {len(text)} characters; the limit is {max_chars}")
    return text


def _visible(text: str) -> str:
    return "".join(
        " " if category == "Cc" and ch not in "\n\t" else ch
        for ch in text
        if (category := unicodedata.category(ch)) != "Cf"
    )
