"""Whether a question is one Berth should answer at all, or decline."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.compat.reading.scope import Scope
from assistant.config import Settings
from assistant.models import Language
from assistant.search.retrieval import Retrieval

_LATIN_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9.#+\-]*")
# Letters and digits together, six or more: error codes, KB numbers, build tags.
_IDENTIFIER = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{6,}")


def is_in_scope(
    *,
    question: str,
    language: Language,
    glossary_terms: list[str],
    retrieval: Retrieval,
    similarity_of: Callable[[str], float],
    known_term: Callable[[str], bool],
    settings: Settings,
    scope: Scope,
) -> bool:
    """In scope when the question is about containers, or the corpus clearly matches it.

    `scope` is the reading's (assistant/compat/reading/scope.py): a question about containers
    is in scope; one that only names an OS, a distribution or a language ("elsewhere") is
    declined unless its other words hold an identifier the corpus uses (an error code such as
    0xc0370101, a KB number): `known_term` says whether the index has a term. Scores do not
    separate these: in a corpus this small, "RAM" or "manager" is as rare as an error code.

    Otherwise the best dense similarity must clear `decline_threshold`, or a rare term must match
    exactly (an error code, a tag): `decline_lexical_threshold` on the BM25 score.

    For Korean the similarity is measured on the question's English view (its Latin words plus
    the glossary's English terms): the English-only model maps any Hangul text close to the Korean
    source document, so an unrelated Korean question looked as similar as a relevant one. For
    English it is measured on the question as asked, not on the search query the lexicon expanded
    ("the 2022 World Cup" must not borrow the similarity of "Windows Server 2022").
    """
    if scope.about == "containers":
        return True
    if scope.about == "elsewhere":
        return any(known_term(word) for word in _IDENTIFIER.findall(scope.rest))
    if retrieval.best_lexical >= settings.decline_lexical_threshold:
        return True
    if language == "ko":
        english_view = " ".join([*_LATIN_WORDS.findall(question), *glossary_terms])
        similarity = similarity_of(english_view) if english_view.strip() else 0.0
    elif retrieval.query != question:
        similarity = similarity_of(question)
    else:
        similarity = retrieval.best_similarity
    return similarity >= settings.decline_threshold
