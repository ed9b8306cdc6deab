"""Language detection and the BM25 tokenizer, for English and Korean text."""

from __future__ import annotations

import re

from assistant.models import Language

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
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
    """Korean as soon as the text has a Korean word (two Hangul syllables).

    Korean questions about platforms are often mostly Latin letters ("그럼 Container Apps는요?",
    "Windows Server(Docker CE/Moby 또는 containerd)에서 …"): weighing scripts by their share
    answered those in English. An English question with a Korean word in it is the rarer case.
    """
    return "ko" if len(_HANGUL.findall(text)) >= 2 else "en"


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
            tokens.append(_singular(run))
    return tokens


def _singular(word: str) -> str:
    """'names' matches 'name', 'pools' matches 'pool': a plural 's' is the one inflection that
    keeps separating a question's words from the passage that answers it."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
