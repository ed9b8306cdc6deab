"""How old a fact is: the row (or note) behind a fact id or a citation, its `checked` date, and
whether it is past its review window. Platform support moves monthly, so a correct table decays
into a confidently wrong one unless every answer knows the age of what it rests on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant.compat.schema import MatrixRow, Provenance, Text
from assistant.compat.tables import SOURCE_DIR, Tables
from assistant.models import Citation

FACT_TABLES: Mapping[str, str] = {
    "platform": "platforms",
    "workload": "workloads",
    "image": "base_images",
    "host": "hosts",
    "edition": "editions",
    "runtime": "runtimes",
}
"""Fact-id prefix ("platform.gke-standard") -> table name."""


@dataclass(frozen=True)
class Located:
    table: str
    row_id: str
    row: Provenance
    name: Text


def locate(tables: Tables, fact: str) -> Located | None:
    """The row a fact id names, or None."""
    kind, _, row_id = fact.partition(".")
    if kind == "matrix":
        host, _, image = row_id.rpartition("-")
        cell_row = tables.matrix.get((host, image))
        if cell_row is None:
            return None
        return Located("matrix", row_id, cell_row, _matrix_name(tables, cell_row))
    table = FACT_TABLES.get(kind)
    if table is None:
        return None
    row = tables.fact_rows()[table].get(row_id)
    if row is None:
        return None
    return Located(table, row_id, row, getattr(row, "name", Text(en=row_id, ko=row_id)))


def review_window(row: Provenance, default_days: int) -> int:
    return row.review_days or default_days


def age_days(row: Provenance, today: date) -> int:
    return (today - row.checked).days


def is_stale(row: Provenance, today: date, default_days: int) -> bool:
    return age_days(row, today) > review_window(row, default_days)


def _matrix_name(tables: Tables, row: MatrixRow) -> Text:
    host, image = tables.hosts.get(row.host), tables.hosts.get(row.image)
    if host is None or image is None:
        return Text(en=row.id, ko=row.id)
    tag = image.tags[0] if image.tags else image.id
    return Text(en=f"{tag} images on {host.name.en}", ko=f"{host.name.ko}의 {tag} 이미지")


# --- citations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedDates:
    """When each citable thing was last checked: table rows by (file, row id), notes by path."""

    rows: Mapping[tuple[str, str], date]
    notes: Mapping[str, date]

    @classmethod
    def build(cls, tables: Tables, corpus_dir: Path) -> CheckedDates:
        rows: dict[tuple[str, str], date] = {}
        for table, table_rows in tables.fact_rows().items():
            for row_id, row in table_rows.items():
                rows[(tables.source(table), row_id)] = row.checked
        for matrix_row in tables.matrix.values():
            rows[(tables.source("matrix"), matrix_row.id)] = matrix_row.checked
        return cls(rows=rows, notes=note_dates(corpus_dir))

    def lookup(self, source: str, section: str) -> date | None:
        if source.startswith(f"{SOURCE_DIR}/"):
            return self.rows.get((source, section))
        return self.notes.get(source)

    def stamp(self, citations: Sequence[Citation]) -> list[Citation]:
        """The citations with `checked` filled wherever the corpus knows the date."""
        out = []
        for citation in citations:
            checked = citation.checked or _iso(self.lookup(citation.source, citation.section))
            out.append(citation.model_copy(update={"checked": checked}))
        return out


def note_dates(corpus_dir: Path) -> dict[str, date]:
    """Front-matter `checked` of every indexed document, by its citation path."""
    from assistant.errors import CorpusInvalid
    from assistant.ingest.corpus import corpus_files, load_document

    dates: dict[str, date] = {}
    if not corpus_dir.is_dir():
        return dates
    for file in corpus_files(corpus_dir):
        try:
            document = load_document(file, corpus_dir)
        except CorpusInvalid:
            continue  # ingest reports a bad document; a citation date is not worth failing for
        if document.meta.checked is not None:
            dates[document.path] = document.meta.checked
    return dates


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
