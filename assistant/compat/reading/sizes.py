"""A stated image size ("a 12 GB image", "12기가 이미지"): some platforms cap the image they
accept (AWS Lambda: 10 GB), so a size the asker states must decide the verdict, not be read past."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compat.reading.schema import SizeWords


@dataclass(frozen=True)
class Size:
    gb: float
    span: tuple[int, int]
    """Where the number and unit stand, so the reader counts them as placed."""


def stated_sizes(text: str, words: SizeWords) -> list[Size]:
    """Each size in `text` (normalised, lower case) written as a number and a unit."""
    if not words.units:
        return []
    units = "|".join(re.escape(u) for u in sorted(words.units, key=len, reverse=True))
    # Not inside a version ("1.29") or a word; the unit ends where a letter does not follow.
    pattern = re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?)\s*({units})(?![a-z])")
    return [
        Size(float(m.group(1)) * words.units[m.group(2)], m.span()) for m in pattern.finditer(text)
    ]
