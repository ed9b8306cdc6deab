"""Korean -> English term expansion, so Korean questions reach English notes.

The default embedding model is English-only; appending the English terms a Korean question uses
lets both the dense and the lexical retriever find the English passages. The glossary is data
(`corpus/glossary.ko-en.yaml`), not code.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import CorpusInvalid

if TYPE_CHECKING:
    from assistant.ingest.index import IndexLayout

GLOSSARY_FILE = "glossary.ko-en.yaml"
"""The glossary's file name inside the corpus folder."""


class GlossaryEntry(BaseModel):
    ko: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)


class Glossary:
    def __init__(self, entries: list[GlossaryEntry]) -> None:
        # Longest Korean terms first, so "노드 풀" wins over "노드" and is not counted twice.
        pairs = [(term, entry) for entry in entries for term in entry.ko]
        self._pairs = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    @classmethod
    def for_corpus(cls, corpus_dir: Path) -> Glossary:
        return cls.load(corpus_dir / GLOSSARY_FILE)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            entries = [GlossaryEntry.model_validate(item) for item in raw.get("terms", [])]
        except FileNotFoundError:
            raise CorpusInvalid(f"{path}: glossary file is missing") from None
        except (yaml.YAMLError, ValidationError, AttributeError) as exc:
            raise CorpusInvalid(f"{path}: invalid glossary: {exc}".splitlines()[0]) from None
        return cls(entries)

    def knows(self, word: str) -> bool:
        """Whether the word is part of a Korean term ("번호" of "빌드 번호")."""
        return any(word in term for term, _ in self._pairs)

    def english_terms(self, text: str) -> list[str]:
        """English equivalents of the Korean terms in `text`, in order of appearance, once each."""
        return _once(word for entry in self._matches(text) for word in entry.en)

    def _matches(self, text: str) -> list[GlossaryEntry]:
        """Entries whose Korean terms occur in `text`, in order of appearance."""
        remaining = _squash(text)
        found: list[tuple[int, GlossaryEntry]] = []
        for term, entry in self._pairs:
            key = _squash(term)
            position = remaining.find(key)
            if position < 0:
                continue
            # Blank the match out so a shorter term inside it does not match again.
            remaining = remaining[:position] + "\0" * len(key) + remaining[position + len(key) :]
            found.append((position, entry))
        return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def _once(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _squash(text: str) -> str:
    # Korean spacing varies ("노드 풀" / "노드풀"); compare without spaces.
    return "".join(text.lower().split())


def load_glossary(layout: IndexLayout) -> Glossary:
    """The glossary saved in an index generation (an index built without one has none)."""
    path = layout.folder / GLOSSARY_FILE
    return Glossary.load(path) if path.is_file() else Glossary([])
