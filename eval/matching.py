"""How gold terms are matched against the words a user reads.

Matching is deliberately plain (normalised substring with word-start boundaries) so a reader can
predict it: lower case, markdown emphasis and code marks removed, hyphens read as spaces
("Hyper-V" == "Hyper V", "node-pool" == "node pool"), whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS_RE = re.compile(r"[*`]+")
_SPACE_RE = re.compile(r"\s+")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_ASCII_ALNUM = "a-z0-9"


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = _MARKS_RE.sub("", text)
    text = text.replace("\u2011", "-").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("-", " ")
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    norm = normalize(term)
    body = re.escape(norm)
    # A term must start a word ("port" must not match "support"). Its end is free for words, so
    # plurals and inflections match ("namespace" in "namespaces"), but strict for numbers
    # ("2" must not match "2022", "1.32" not "1.320").
    head = f"(?<![{_ASCII_ALNUM}])" if re.match(f"[{_ASCII_ALNUM}]", norm) else ""
    tail = "(?![0-9])" if norm and norm[-1].isdigit() else ""
    return re.compile(head + body + tail)


def contains_term(text: str, term: str) -> bool:
    """True if `term` occurs in `text` under the normalisation above."""
    return _term_pattern(term).search(normalize(text)) is not None


def group_satisfied(text: str, group: list[str]) -> bool:
    return any(contains_term(text, t) for t in group)


def forbidden_hits(text: str, claims: list[str]) -> list[str]:
    """The forbidden claims present in `text`: substrings, or regexes prefixed 're:'.

    Regexes run on the normalised text (lower case, no markdown marks, hyphens as spaces).
    """
    norm = normalize(text)
    hits: list[str] = []
    for claim in claims:
        if claim.startswith("re:"):
            if re.search(claim[3:], norm):
                hits.append(claim)
        elif contains_term(norm, claim):
            hits.append(claim)
    return hits


def text_language(text: str) -> str:
    """The language a reader meets first: 'ko' if the opening line is written in Korean.

    Only the first line counts because Korean answers legitimately quote English passages (image
    names, commands) below the headline, and English answers may quote the Korean seed.
    """
    for line in text.splitlines():
        if re.search(r"\w", line):
            return "ko" if len(_HANGUL_RE.findall(line)) >= 2 else "en"
    return "en"


def sentences_citing(text: str) -> dict[int, list[str]]:
    """Map citation number -> the sentences of `text` that carry its [n] marker."""
    out: dict[int, list[str]] = {}
    for sentence in re.split(r"(?<=[.!?。])\s+|\n+", text):
        for n in {int(m) for m in re.findall(r"\[(\d{1,3})\]", sentence)}:
            out.setdefault(n, []).append(sentence)
    return out


_IDENT_RE = re.compile(
    r"(?:[a-z0-9]+[._:/=][a-z0-9._:/=\-]*[a-z0-9]|[a-z]*\d[a-z0-9]*)", re.IGNORECASE
)


def identifiers(sentence: str) -> set[str]:
    """Identifier-like tokens a citation must back: numbers, tags, paths, flags (e.g. 20348,
    ltsc2022, mcr.microsoft.com/windows/servercore, isolation=hyperv). Citation markers and
    list numbers are not claims."""
    cleaned = re.sub(r"\[\d{1,3}\]", " ", sentence)
    tokens = {t.lower() for t in _IDENT_RE.findall(cleaned)}
    return {t for t in tokens if not t.isdigit() or len(t) >= 3}
