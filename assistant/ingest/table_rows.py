"""Compatibility-table rows as retrievable passages, one per row and language.

Each row's `summary` says its fact in English and Korean, so indexing both lets a Korean question
find Korean text about the same fact, and a row can be cited like any note. The rows come from
the validated tables (`assistant.compat.tables.load_tables`), the same ones the reasoner reads,
so a passage can never cite a row the reasoner would reject. Matrix cells have no summary of
their own and are not passages.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.compat.dating import render
from assistant.compat.schema import FactRow
from assistant.compat.tables import TABLE_FILES, Tables, load_tables
from assistant.ingest.chunking import Chunk
from assistant.models import Language

_LANGUAGES: tuple[Language, ...] = ("en", "ko")


def table_row_chunks(compat_dir: Path, tables: Tables | None = None) -> list[Chunk]:
    """Raises CorpusInvalid when the tables are bad; a corpus without tables has no rows.

    `tables`: already loaded from `compat_dir` (ingest has them from its validation)."""
    if not compat_dir.is_dir():
        return []
    tables = tables or load_tables(compat_dir)
    chunks: list[Chunk] = []
    by_file = sorted(tables.fact_rows().items(), key=lambda item: TABLE_FILES[item[0]])
    for table, rows in by_file:
        source = tables.source(table)
        title = Path(TABLE_FILES[table]).stem.replace("_", " ")
        for row in rows.values():
            chunks.extend(_row_chunks(tables, row, source, title))
    return chunks


def _row_chunks(tables: Tables, row: FactRow, source: str, title: str) -> list[Chunk]:
    url = next((s for s in row.sources if s.startswith("https://")), None)
    chunks = []
    for language in _LANGUAGES:
        # Indexed text must not depend on the day of the ingest: dates are worded "until …"
        # (answers word them from today, assistant/compat/annotate.py).
        text = render(
            row.summary.get(language),
            language,
            messages=tables.messages,
            hosts=tables.hosts,
            runtimes=tables.runtimes,
            today=None,
        )
        digest = hashlib.sha256(f"{source}\0{row.id}\0{language}\0{text}".encode()).hexdigest()
        chunks.append(
            Chunk(
                id=digest[:32],
                source=source,
                title=f"Compatibility table: {title}",
                section=row.id,
                text=text.strip(),
                url=url,
                language=language,
                kind="row",
            )
        )
    return chunks
