"""Whether a question is one Berth should answer at all, or decline."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.compat import CompatQuery
from assistant.config import Settings
from assistant.models import Language
from assistant.search.retrieval import Retrieval

# Naming one of these is decisive. A workload alone is not: "Python" or "PostgreSQL" appear
# in many questions that have nothing to do with containers ("how to reverse a list in Python").
_ANCHOR_FIELDS = ("platform", "base_image", "container_os")
# An OS version or "Hyper-V" is named outside containers too ("How do I reinstall Windows Server
# 2022?", "enable Hyper-V on Windows 11 Home"): decisive only when nothing else the question
# asks about is foreign to the corpus.
_OS_FIELDS = ("host_os", "image_os", "isolation")
_LATIN_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9.#+\-]*")


def is_in_scope(
    *,
    question: str,
    language: Language,
    query: CompatQuery,
    glossary_terms: list[str],
    retrieval: Retrieval,
    similarity_of: Callable[[str], float],
    settings: Settings,
    known_word: Callable[[str], bool] = lambda word: True,
    container_words: bool = True,
) -> bool:
    """In scope when the question names something of our domain, or the corpus clearly matches it.

    `known_word` tells whether the corpus uses a word; an OS-only question (no container word:
    `container_words` is False) whose unplaced words the corpus never uses ("reinstall",
    "activation key") is about the OS, not its containers.

    Naming a known platform, OS version or image is decisive. Otherwise the best dense
    similarity must clear `decline_threshold`, or a rare term must match exactly (an error code,
    a tag): `decline_lexical_threshold` on the BM25 score.

    For Korean the similarity is measured on the question's English view (its Latin words plus
    the glossary's English terms): the English-only model maps any Hangul text close to the Korean
    source document, so an unrelated Korean question looked as similar as a relevant one. For
    English it is measured on the question as asked, not on the search query the lexicon expanded
    ("the 2022 World Cup" must not borrow the similarity of "Windows Server 2022").
    """
    if any(getattr(query, name) for name in _ANCHOR_FIELDS):
        return True
    if any(getattr(query, name) for name in _OS_FIELDS) and not container_words:
        # Declined only when every such word is foreign to the corpus: one word the corpus
        # knows ("build number", "flag", "license") makes it a question about containers.
        return not query.unplaced or any(known_word(word) for word in query.unplaced)
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
