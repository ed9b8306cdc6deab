"""Compatibility-table rows as retrievable passages, one per row and language.

Each row's `summary` says its fact in English and Korean, so indexing both lets a Korean question
find Korean text about the same fact, and a row can be cited like any note. Only the fields every
fact row has are read (`id`, `summary`, `sources`); rows without a summary are the tables' own
business and are skipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import CorpusInvalid
from assistant.ingest.chunking import Chunk
from assistant.models import Language

_LANGUAGES: tuple[Language, ...] = ("en", "ko")


def table_row_chunks(compat_dir: Path) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in sorted(compat_dir.glob("*.yaml")):
        shown = f"{compat_dir.parent.name}/{compat_dir.name}/{path.name}"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CorpusInvalid(f"{shown}: not valid YAML: {str(exc).splitlines()[0]}") from None
        rows = data.get("rows", []) if isinstance(data, dict) else []
        title = path.stem.replace("_", " ")
        for row in rows if isinstance(rows, list) else []:
            chunks.extend(_row_chunks(row, shown, title))
    return chunks


def _row_chunks(row: Any, source: str, title: str) -> list[Chunk]:
    if not isinstance(row, dict) or not isinstance(row.get("summary"), dict):
        return []
    sources = row.get("sources") or []
    url = next((s for s in sources if isinstance(s, str) and s.startswith("https://")), None)
    section = str(row.get("id", ""))
    chunks = []
    for language in _LANGUAGES:
        text = row["summary"].get(language)
        if not text:
            continue
        digest = hashlib.sha256(f"{source}\0{section}\0{language}\0{text}".encode()).hexdigest()
        chunks.append(
            Chunk(
                id=digest[:32],
                source=source,
                title=f"Compatibility table: {title}",
                section=section,
                text=str(text).strip(),
                url=url,
                language=language,
                kind="row",
            )
        )
    return chunks
