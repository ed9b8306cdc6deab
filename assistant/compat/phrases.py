"""Phrases from the tables matched against normalised text: one phrase's pattern, and many
phrases at once (`PhraseIndex`).

The reader tests ~1,500 feature names and markers against every question, and the lexicon
~2,500 aliases; one substring test per phrase was ~2 ms of a ~10 ms answer. `PhraseIndex` files
each phrase under the first characters of its anchor (the longest literal part of its pattern,
which any match contains), and a text only tries the phrases filed under a substring it holds:
a few dozen instead of all of them. Its matches are the ones `phrase_matches` gives, in the
order of the phrases given.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from assistant.compat.schema import Aliases

_SEPARATORS = r"[\s\-_]*"
_LATIN_EDGE = re.compile(r"[a-z0-9.]")
T = TypeVar("T")
_KEY_LENGTH = 3


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u201c\u201d]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


# Phrases come from the tables (a few thousand aliases and markers) and are matched against
# every question: compiling them once matters, because they overflow `re`'s own 512-entry cache
# and were recompiled on every question (~0.8 s a question before this cache).
_GAP_MARK = re.compile(r"\s*(?:…|\.\.\.)\s*")
_GAP = r"[^\s.?!;]*(?:\s+[^\s?!;]*[^\s?!;.]){0,12}?\s+"
"""What "…" in a phrase stands for: up to twelve words of the same clause ("upgrade … in place"
holds "upgrade our existing AKS node pool in place"), never past a sentence's end; a particle
glued to the word before the gap belongs to it ("모드로 두면 …")."""


@functools.lru_cache(maxsize=16384)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex: spaces and hyphens optional ("server core" = "servercore"), a slash
    literal (image paths), word edges only where the phrase is Latin; "…" a gap of a few words
    (each side then a group, so `covered_spans` leaves the words in the gap to be read)."""
    norm = normalize(phrase)
    segments = [seg for seg in _GAP_MARK.split(norm) if seg]
    if len(segments) > 1:
        return re.compile(_GAP.join(f"({_segment(seg)})" for seg in segments))
    return re.compile(_segment(norm))


def _segment(norm: str) -> str:
    parts = [part for part in re.split(r"[\s\-_]+", norm) if part]
    body = _SEPARATORS.join(re.escape(part) for part in parts) if parts else re.escape(norm)
    left = r"(?<![a-z0-9])" if norm and _LATIN_EDGE.match(norm[0]) else ""
    right = r"(?![a-z0-9])" if norm and re.match(r"[a-z0-9]", norm[-1]) else ""
    return left + body + right


def match_spans(match: re.Match[str]) -> list[tuple[int, int]]:
    """The text a phrase's match covers: its words, not a gap between them."""
    if match.re.groups:
        return [match.span(group) for group in range(1, match.re.groups + 1)]
    return [match.span()]


@functools.lru_cache(maxsize=16384)
def phrase_anchor(phrase: str) -> str:
    """The longest literal part of a phrase's pattern: text without it cannot match, and a
    substring test is ~50x cheaper than a regex scan (a question meets ~2,000 phrases)."""
    norm = _GAP_MARK.sub(" ", normalize(phrase))
    parts = [part for part in re.split(r"[\s\-_]+", norm) if part]
    return max(parts, key=len) if parts else norm


def phrase_matches(phrase: str, text: str) -> Iterator[re.Match[str]]:
    """Every match of `phrase` (as `phrase_pattern` reads it) in normalised `text`."""
    if phrase_anchor(phrase) not in text:
        return iter(())
    return phrase_pattern(phrase).finditer(text)


def has_phrase(text: str, phrases: Aliases | list[str], where: str = "any") -> bool:
    """Whether `text` contains one of the phrases; `where` may be "start" or "end"."""
    items = [*phrases.en, *phrases.ko] if isinstance(phrases, Aliases) else phrases
    for phrase in items:
        if phrase_anchor(phrase) not in text:
            continue
        pattern = phrase_pattern(phrase)
        if where == "start":
            match = pattern.match(text)
        elif where == "end":
            match = next((m for m in pattern.finditer(text) if m.end() == len(text)), None)
        else:
            match = pattern.search(text)
        if match:
            return True
    return False


@dataclass(frozen=True)
class _Entry(Generic[T]):
    order: int
    phrase: str
    anchor: str
    value: T


class PhraseIndex(Generic[T]):
    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self._by_key: dict[str, list[_Entry[T]]] = {}
        self._always: list[_Entry[T]] = []
        for order, (phrase, value) in enumerate(phrases):
            entry = _Entry(order, phrase, phrase_anchor(phrase), value)
            if entry.anchor:
                self._by_key.setdefault(entry.anchor[:_KEY_LENGTH], []).append(entry)
            else:
                # A phrase with no literal part (only separators) is tried on every text.
                self._always.append(entry)
        self._key_lengths = sorted({len(key) for key in self._by_key})

    def matches(self, text: str) -> list[tuple[re.Match[str], T]]:
        """Every match of every phrase in normalised `text`, with the phrase's value."""
        candidates: list[_Entry[T]] = list(self._always)
        seen: set[str] = set()
        for length in self._key_lengths:
            for start in range(len(text) - length + 1):
                key = text[start : start + length]
                if key in seen:
                    continue
                seen.add(key)
                candidates += [e for e in self._by_key.get(key, ()) if e.anchor in text]
        found: list[tuple[re.Match[str], T]] = []
        for entry in sorted(candidates, key=lambda e: e.order):
            found += [(m, entry.value) for m in phrase_pattern(entry.phrase).finditer(text)]
        return found
