"""One check for what can be asked, used by every surface (CLI, API, Slack, widget)."""

from __future__ import annotations

import unicodedata

from assistant.errors import InvalidQuestion, QuestionTooLong


def validate_question(question: str, max_chars: int) -> str:
    """The question, normalised (NFC, trimmed); InvalidQuestion / QuestionTooLong otherwise.

    Normalise first, then count: 1,500 Hangul syllables typed as decomposed jamo are 1,500
    characters, not 4,500, whichever surface they arrive through.
    """
    text = unicodedata.normalize("NFC", question).strip()
    if not text:
        raise InvalidQuestion("question is empty")
    if len(text) > max_chars:
        raise QuestionTooLong(f"question is {len(text)} characters; the limit is {max_chars}")
    return text
