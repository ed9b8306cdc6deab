"""The guard over a language model's answer: it decides what of the model's text reaches a user.

The model only words the answer; the verdict, its conditions and the passages come from Berth.
Each line is checked as soon as it is complete, before it is sent (`check_line`); the whole text
once more at the end (`check_answer`). Any failed check sends the extractive answer instead.

Checks (each returns the name of the one that failed, which the fallback metric counts):
- echo:       the model repeats the prompt (its section labels or its instructions);
- citation:   a `[n]` that is not one of the numbered passages;
- number:     a number or version the input does not hold as a whole token ("2022" must be in
              the input as "2022", not only inside "20220");
- polarity:   a sentence about the asked platform says the opposite of the verdict;
- headline:   the first line does not state the verdict in Berth's own words;
- conditions: a condition of the verdict is missing (word for word);
- language:   a Korean question answered with too little Hangul (or an English one in Korean).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Language, Verdict
from assistant.writers.labels import HEADLINES

PROMPT_LABELS: tuple[str, ...] = (
    "QUESTION:",
    "VERDICT:",
    "HEADLINE:",
    "CONDITIONS:",
    "ALTERNATIVES:",
    "READING:",
    "PASSAGES:",
    "RULES:",
    "ANSWER:",
    "<start_of_turn>",
    "<end_of_turn>",
    "You are Berth",
)
"""Words of the prompt a faithful answer never contains."""

_REF = re.compile(r"\[(\d+)\]")
_LIST_MARK = re.compile(r"^\s*(?:[-*]|\d{1,2}[.)])\s+")
# A number or a version: digits with inner dots, dashes or colons ("10.0.20348", "1.31",
# "2026-10-13"), possibly glued to letters ("ltsc2022", "4.8.1").
_NUMBER = re.compile(r"\d+(?:[.:\-]\d+)*")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_EN_NEGATION = re.compile(
    r"\b(not|no|cannot|can't|doesn't|don't|isn't|aren't|won't|never|unsupported|unavailable)\b",
    re.IGNORECASE,
)
_EN_POSITIVE = re.compile(
    r"\b(yes|can|supports?|supported|works?|runs?|possible|available|allowed)\b", re.IGNORECASE
)
_KO_NEGATION = re.compile(r"(불가|없|않|못|아니|아닙)")
_KO_POSITIVE = re.compile(r"(가능|지원합|지원됩|실행할 수 있|실행됩|있습니다|됩니다)")
KOREAN_SHARE = 0.3
"""Least share of Hangul among the letters of a Korean answer (names stay Latin)."""


@dataclass(frozen=True)
class GuardInput:
    language: Language
    verdict: Verdict | None
    passages: int
    """How many passages were numbered for the model."""
    source_text: str
    """Everything the model was given: numbers in its answer must come from here."""
    places: Sequence[str] = ()
    """Names of the asked platform (lower case): the polarity check reads sentences naming it."""


class AnswerGuard:
    def __init__(self, given: GuardInput) -> None:
        self._given = given
        self._numbers = _whole_numbers(given.source_text)
        verdict = given.verdict
        self._verdict_texts = (
            [*verdict.conditions, *verdict.alternatives, *verdict.reasons, *verdict.missing]
            if verdict
            else []
        )

    @property
    def headline(self) -> str | None:
        verdict = self._given.verdict
        return f"**{HEADLINES[self._given.language][verdict.status]}**" if verdict else None

    def check_line(self, line: str, *, first: bool) -> str | None:
        """The check one complete line fails, or None when it may be sent."""
        if any(label.lower() in line.lower() for label in PROMPT_LABELS):
            return "echo"
        for n in _REF.findall(line):
            if not 1 <= int(n) <= self._given.passages:
                return "citation"
        bare = _LIST_MARK.sub("", _REF.sub(" ", line))
        for number in _NUMBER.findall(bare):
            if number not in self._numbers:
                return "number"
        if first and self.headline is not None and not line.lstrip().startswith(self.headline):
            return "headline"
        if self._opposite(line, first=first):
            return "polarity"
        return None

    def check_answer(self, text: str) -> str | None:
        """The check the whole answer fails, or None when it may stand as the final answer."""
        if not text.strip():
            return "empty"
        verdict = self._given.verdict
        if verdict is not None:
            for condition in verdict.conditions:
                if condition not in text:
                    return "conditions"
        if not self._language_ok(text):
            return "language"
        return None

    def _opposite(self, line: str, *, first: bool) -> bool:
        verdict = self._given.verdict
        if verdict is None or verdict.status == "unknown" or not self._given.places:
            return False
        # Berth's own words (a condition copied word for word) are the verdict, not a claim.
        claim = line
        for text in self._verdict_texts:
            claim = claim.replace(text, " ")
        if first and self.headline:
            claim = claim.replace(self.headline, " ")
        lowered = claim.lower()
        if not any(place in lowered for place in self._given.places):
            return False
        for sentence in re.split(r"(?<=[.!?])\s+|(?<=다\.)\s*", claim):
            if not any(place in sentence.lower() for place in self._given.places):
                continue
            negative = bool(_EN_NEGATION.search(sentence) or _KO_NEGATION.search(sentence))
            positive = bool(_EN_POSITIVE.search(sentence) or _KO_POSITIVE.search(sentence))
            if verdict.status == "no" and positive and not negative:
                return True
            # Under a yes, any negation about the platform in the model's own words is refused:
            # "GKE cannot run it" and "GKE does not run it" read alike to a user.
            if verdict.status in ("yes", "conditional") and negative:
                return True
        return False

    def _language_ok(self, text: str) -> bool:
        body = _REF.sub(" ", text)
        hangul = len(_HANGUL.findall(body))
        latin = len(_LATIN.findall(body))
        share = hangul / (hangul + latin) if hangul + latin else 0.0
        if self._given.language == "ko":
            return share >= KOREAN_SHARE
        return share < KOREAN_SHARE


def _whole_numbers(text: str) -> frozenset[str]:
    """Every number of the input, as whole tokens: "ltsc2022" gives "2022", "10.0.20348" gives
    itself and its parts, so a model may say "20348" but not "2034"."""
    found: set[str] = set()
    for number in _NUMBER.findall(text):
        found.add(number)
        found.update(re.split(r"[.:\-]", number))
    return frozenset(found)
