"""Language detection and the BM25 tokenizer, for English and Korean text."""

from __future__ import annotations

import re

from assistant.models import Language

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
# Runs of one script: Latin/digits (keeping in-word dots and pluses: ".net", "c++" lose them in
# normalisation below) or Hangul syllables. Splitting at the script boundary separates a Korean
# particle from the name it is attached to ("GKE에서" -> "gke", "에서").
_RUNS = re.compile(r"[a-z0-9]+|[\uac00-\ud7a3]+")

_EN_STOPWORDS = frozenset(
    """a an and are as at be but by can could do does did for from has have how i if in into is
    it its me my of on or our so that the their then there these this to was we what when
    where which who why will with would you your should shall may might any some about""".split()
)
# Korean function words that stand alone after spacing; particles glued to words are handled by
# bigrams, which still share most of their grams with the bare word.
_KO_STOPWORDS = frozenset(
    [
        "수",
        "있나요",
        "있어요",
        "있습니까",
        "어떻게",
        "무엇",
        "뭐",
        "그리고",
        "또는",
        "및",
        "것",
        "등",
    ]
)


def detect_language(text: str) -> Language:
    """Korean if Hangul makes up a real share of the letters; product names are often Latin."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if hangul == 0:
        return "en"
    return "ko" if hangul >= 2 and hangul * 3 >= latin else "en"


def tokenize(text: str) -> list[str]:
    """Terms for BM25: English words minus stopwords; Hangul words as syllable bigrams.

    Korean has no reliable word boundaries for a lexical index without a morphological analyser,
    and particles attach to nouns ("노드풀에서"). Character bigrams match across those forms; a
    one-syllable word is kept whole.
    """
    tokens: list[str] = []
    for run in _RUNS.findall(text.lower()):
        if _HANGUL.match(run):
            if run in _KO_STOPWORDS:
                continue
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif run not in _EN_STOPWORDS:
            tokens.append(run)
    return tokens
