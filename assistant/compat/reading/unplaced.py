"""The content words of a question that nothing placed: no entity, feature, marker or filler.

A word Berth cannot place may change the meaning ("…support SCTP?"), so a verdict must not be
given as if it were absent. Everything that a table, the lexicon or the reading vocabulary knows
is placed; what remains is reported, and decides `unknown` for a compatibility question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.compat.lexicon import edit_distance, phrase_matches
from assistant.compat.phrases import match_spans
from assistant.compat.reading.schema import Filler

# Apostrophes inside a word keep it whole: "we're" is filler, "re" alone would be unplaced.
_LATIN = re.compile(r"[a-z0-9][a-z0-9.+#\-/_']*[a-z0-9+#]|[a-z]")
_HANGUL_WORD = re.compile(r"[가-힣]+")
_NUMBER = re.compile(r"^v?\d+(?:[.\-_]\d+)*(?:\.x)?[a-z]?$")  # "1.3.x" is a version too


_TECHNICAL = re.compile(
    # ASCII edges: in Korean text a particle is glued to the name ("SLAT을").
    r"(?<![A-Za-z0-9_.])(?:[A-Z][A-Z0-9]+s?|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z]+[A-Z][A-Za-z0-9]*"
    r"|[A-Za-z]+\d[A-Za-z0-9.]*|0x[0-9A-Fa-f]+"
    r"|[A-Za-z0-9-]+\.(?:exe|dll|sys|ps1))(?![A-Za-z0-9_])"
)


def technical_words(question: str) -> set[str]:
    """Words written as technical names in the raw question (acronyms, camelCase, names with
    digits, file names: WMI, SLAT, hostIPC, KB4015217, ccg.exe), lower-cased. A statement
    before the question that names nothing Berth knows is read for these only: "Our script
    queries WMI. Will that work in Nano Server?" turns on WMI; "we're a small team" on nothing."""
    return {m.group(0).lower().rstrip("s") for m in _TECHNICAL.finditer(question)} | {
        m.group(0).lower() for m in _TECHNICAL.finditer(question)
    }


def covered_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        spans += [span for m in phrase_matches(phrase, text) for span in match_spans(m)]
    return spans


def unplaced_words(
    text: str, placed: list[tuple[int, int]], filler: Filler, stopwords: Iterable[str]
) -> list[str]:
    """Content words of `text` outside every `placed` span, in order, each once."""
    mask = bytearray(len(text))
    for start, end in placed:
        mask[start:end] = b"\x01" * (end - start)
    fill = set(filler.en) | {w.lower() for w in stopwords}
    words: list[str] = []
    for match in _LATIN.finditer(text):
        if _is_placed(mask, match.start(), match.end()):
            continue
        # "eks-optimized": each part on its own, so a placed name inside a compound counts.
        offset = match.start()
        for part in re.finditer(r"[^\-/_]+", match.group(0)):
            word = part.group(0).strip(".")
            start, end = offset + part.start(), offset + part.end()
            if not word or _is_placed(mask, start, end) or len(word) < 2:
                continue
            if word in fill or word.rstrip("s") in fill or _NUMBER.match(word):
                continue
            if _misspelt_filler(word, fill):
                continue
            if word not in words:
                words.append(word)
    for match in _HANGUL_WORD.finditer(text):
        if _is_placed(mask, match.start(), match.end()):
            continue
        before = text[match.start() - 1] if match.start() else ""
        if before.isdigit() and any(match.group(0).startswith(c) for c in filler.ko_counters):
            continue
        stem = _stem(match.group(0), filler.ko_particles)
        if len(stem) < 2 or any(stem.startswith(s) for s in filler.ko_stems):
            continue
        if stem not in words:
            words.append(stem)
    return words


# The role words a typo most often hits in these questions; only a swap of two neighbouring
# letters is forgiven ("hsot", "imgae"): one edit from any filler word would also swallow
# content words ("three" is one swap from "there", "home" one letter from "some").
_ROLE_WORDS = ("host", "hosts", "image", "images", "container", "containers", "node", "nodes")


_LONG_FILLER = 7
"""Long filler words are far apart from content words: one edit ("suported", "availble",
"deploymnet") is forgiven from seven letters on when the first and last letters stand: the
corpus then holds no content word one edit from a filler word ("scheduler" / "scheduled" differ
in the last); shorter words would swallow content ("three"/"there", "home"/"some")."""


def _misspelt_filler(word: str, fill: set[str]) -> bool:
    """A swapped-letter typo of a role word the filler list holds, or one edit inside a long
    filler word."""
    if len(word) + 1 >= _LONG_FILLER and any(
        len(f) >= _LONG_FILLER
        and f[0] == word[0]
        and f[-1] == word[-1]  # "scheduler" / "scheduled": another word, not a typo
        and edit_distance(word, f, 1) <= 1
        for f in fill
        if abs(len(f) - len(word)) <= 1
    ):
        return True
    return any(
        r in fill
        and len(word) == len(r)
        and sorted(word) == sorted(r)
        and word != r
        and edit_distance(word, r, 1) <= 1
        for r in _ROLE_WORDS
    )


def _is_placed(mask: bytearray, start: int, end: int) -> bool:
    # A word counts as placed when most of it lies inside a placed span (typo-tolerant
    # matches and particles can shift an edge by a character).
    inside = sum(mask[start:end])
    return inside * 2 >= end - start


def _stem(word: str, particles: list[str]) -> str:
    for particle in sorted(particles, key=len, reverse=True):
        if word.endswith(particle) and len(word) > len(particle):
            return word[: -len(particle)]
    return word
