"""How many containers a question asks to run at once: "five Hyper-V isolated containers",
"3 containers", "Hyper-V 격리 컨테이너를 5개", "컨테이너 두 개". An edition's licence caps some
counts (Windows Server Standard: two Hyper-V-isolated containers), so a count the asker states
must decide the verdict rather than be read past."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compat.lexicon import Mention
from assistant.compat.reading.schema import CountWords
from assistant.compat.reading.versions import inside_a_name

# A count is a small whole number; "2022" or "1.29" next to "containers" is a version.
_DIGITS = re.compile(r"^\d{1,3}$")
_WORD = re.compile(r"[^\s,;:!?()]+")
# English: the number stands at most this many words before the noun ("five Hyper-V isolated
# containers"); further back it counts something else ("one pod holds a HostProcess container").
_EN_REACH = 3


@dataclass(frozen=True)
class Count:
    value: int
    span: tuple[int, int]
    """Where the number stands, so the reader counts it as placed."""


def container_counts(text: str, mentions: list[Mention], words: CountWords) -> list[Count]:
    """Each count of containers stated in `text` (normalised)."""
    return [*_english(text, mentions, words), *_korean(text, mentions, words)]


def _number(token: str, words: CountWords) -> int | None:
    if _DIGITS.match(token):
        return int(token)
    return words.numbers.get(token)


def _english(text: str, names: list[Mention], words: CountWords) -> list[Count]:
    nouns = {n.lower() for n in words.nouns.en}
    tokens = list(_WORD.finditer(text))
    counts: list[Count] = []
    for index, token in enumerate(tokens):
        if token.group().lower() not in nouns:
            continue
        for back in tokens[max(0, index - _EN_REACH) : index]:
            value = _number(back.group().lower(), words)
            if value is not None and value > 0 and not inside_a_name(back.span(), names):
                counts.append(Count(value, back.span()))
    return counts


def _korean(text: str, names: list[Mention], words: CountWords) -> list[Count]:
    if not (words.nouns.ko and words.counters):
        return []
    noun = "|".join(re.escape(n) for n in words.nouns.ko)
    counter = "|".join(re.escape(c) for c in words.counters)
    spelled = "|".join(
        re.escape(w) for w in sorted(words.numbers, key=len, reverse=True) if _is_hangul(w)
    )
    number = rf"(\d{{1,3}}{'|' + spelled if spelled else ''})"
    patterns = (
        # "컨테이너를 5개", "컨테이너 두 개"
        re.compile(rf"(?:{noun})\S*\s*{number}\s*(?:{counter})"),
        # "5개의 Hyper-V 컨테이너", "두 개 컨테이너"
        re.compile(rf"(?<![\d.]){number}\s*(?:{counter})(?:의)?\s+(?:\S+\s+){{0,2}}?(?:{noun})"),
    )
    counts: list[Count] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = _number(match.group(1), words)
            if value is not None and value > 0 and not inside_a_name(match.span(1), names):
                counts.append(Count(value, match.span(1)))
    return counts


def _is_hangul(word: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in word)
