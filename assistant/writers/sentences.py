"""Sentences of a passage: split, scored against the question, and quoted without tearing them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from assistant.ingest.chunking import Chunk, table_row_text
from assistant.search.text import tokenize

# A sentence ends at . ! ? before a capital, digit or quote; not before "(": error messages are
# quoted with their code after the full stop ("… of the host. (0xc0370101)").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`*\"'])|(?<=다\.)\s+|\n+")
_MIN_SENTENCE_CHARS = 20
SNIPPET_CHARS = 320

Weights = Mapping[str, float]


def sentences(chunk: Chunk) -> list[str]:
    """The passage as sentences; a table row reads as one ("h1: a; h2: b")."""
    if chunk.kind == "table":
        return [table_row_as_text(chunk.text)]
    if chunk.kind == "row" and chunk.language == "ko":
        # Korean rows are one fact a line, wrapped by their authors: keep each line whole.
        return [line.strip(" -*") for line in chunk.text.splitlines() if line.strip()]
    found = _with_labels([s.strip(" -*#") for s in _SENTENCE_END.split(chunk.text)])
    return [s for s in found if len(s) > _MIN_SENTENCE_CHARS] or [clip(chunk.text, SNIPPET_CHARS)]


def _with_labels(lines: list[str]) -> list[str]:
    """A short line without a full stop labels the line after it: the seed's "Windows 컨테이너
    추천" / "기존 Windows 애플리케이션(…) 유지보수" reads "Windows 컨테이너 추천: 기존 …"."""
    out: list[str] = []
    label = ""
    for line in lines:
        if not line:
            continue
        if len(line) <= _MIN_SENTENCE_CHARS and not line.endswith((".", "!", "?", ":")):
            label = line
            continue
        out.append(f"{label}: {line}" if label else line)
        label = ""
    return out


def term_score(sentence: str, weights: Weights) -> float:
    """How much of the question a sentence holds: the weight of the question's words in it,
    tempered by its length so a long sentence does not win by holding everything."""
    terms = set(tokenize(sentence))
    if not terms:
        return 0.0
    held = sum(weights.get(term, 0.0) for term in terms)
    return held / (len(terms) ** 0.25)


def best_excerpt(chunk: Chunk, weights: Weights, *, skip: Callable[[str], bool]) -> str:
    """The one or two sentences of a passage that share the most telling words with the
    question, in their order in the passage; sentences `skip` rejects are left out."""
    if chunk.kind == "table":
        return table_row_as_text(chunk.text)
    candidates = [s for s in sentences(chunk) if not skip(s)]
    if not candidates:
        return ""
    whole = " ".join(candidates)
    if len(" ".join(whole.split())) <= SNIPPET_CHARS:
        # Short enough to quote whole: picking lines out of it can tear a sentence its author
        # wrapped over several lines (the Korean source does).
        return clip(whole, SNIPPET_CHARS)
    ranked = sorted(range(len(candidates)), key=lambda i: (-term_score(candidates[i], weights), i))
    chosen = sorted(ranked[:2])
    return clip(" ".join(candidates[i] for i in chosen), SNIPPET_CHARS)


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words the other holds: 1.0 when one repeats the other."""
    ta, tb = set(tokenize(a)), set(tokenize(b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def table_row_as_text(text: str) -> str:
    """`| a | b |` under `| h1 | h2 |` reads as `h1: a; h2: b`, clipped to a snippet."""
    return clip(table_row_text(text), SNIPPET_CHARS)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
