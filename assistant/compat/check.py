"""`berth corpus check`: does the corpus still know its own age and evidence?

Errors (exit 1, must be fixed): a row that bears a verdict and is past its review window; a row
whose only sources are corpus files (the seed) without saying `basis: seed`. Reported for a
person to read, not failing: every recorded conflict and preview, every row that does not rest
on an official documentation page (`basis`), runtime versions out of support, and notes whose
front-matter `checked` is older than a row citing the same URL (the note may state what the row
has since corrected).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from assistant.compat.freshness import age_days, is_stale, note_dates, review_window
from assistant.compat.schema import ISOLATION_MODES, MatrixRow, Provenance
from assistant.compat.tables import Tables, load_tables

Level = Literal["error", "report"]


@dataclass(frozen=True)
class Item:
    level: Level
    kind: str
    """stale | unsourced | seed-only | basis | conflict | preview | lifecycle | note-older"""
    where: str
    message: str


@dataclass
class Report:
    today: date
    review_days: int
    rows: int = 0
    items: list[Item] = field(default_factory=list)

    @property
    def errors(self) -> list[Item]:
        return [i for i in self.items if i.level == "error"]

    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def text(self) -> str:
        lines = [
            f"berth corpus check, as of {self.today.isoformat()} (default review window "
            f"{self.review_days} days): {self.rows} rows, {len(self.errors)} to fix, "
            f"{len(self.items) - len(self.errors)} to know about"
        ]
        for level, title in (("error", "Must fix"), ("report", "Report")):
            chosen = [i for i in self.items if i.level == level]
            if not chosen:
                continue
            lines += ["", f"{title}:"]
            lines += [f"  [{i.kind}] {i.where}: {i.message}" for i in chosen]
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "review_days": self.review_days,
            "rows": self.rows,
            "errors": len(self.errors),
            "items": [i.__dict__ for i in self.items],
        }


def check_corpus(corpus_dir: Path, today: date, review_days: int) -> Report:
    """Raises CorpusInvalid when the tables do not even load (the loader names the problem)."""
    tables = load_tables(corpus_dir / "compat")
    report = Report(today=today, review_days=review_days)
    rows = list(_all_rows(tables))
    report.rows = len(rows)
    for where, row in rows:
        report.items += _row_items(where, row, today, review_days)
    report.items += _lifecycle_items(tables, today)
    report.items += _note_items(tables, corpus_dir, rows)
    return report


def _all_rows(tables: Tables) -> Iterator[tuple[str, Provenance]]:
    for table, rows in tables.fact_rows().items():
        for row_id, row in rows.items():
            yield f"{tables.source(table)} § {row_id}", row
    for matrix_row in tables.matrix.values():
        yield f"{tables.source('matrix')} § {matrix_row.id}", matrix_row


def _row_items(where: str, row: Provenance, today: date, review_days: int) -> list[Item]:
    items: list[Item] = []
    if _states_facts(row) and is_stale(row, today, review_days):
        items.append(
            Item(
                "error",
                "stale",
                where,
                f"checked {row.checked.isoformat()}, {age_days(row, today)} days ago "
                f"(window {review_window(row, review_days)} days): re-check its sources and "
                "update `checked`",
            )
        )
    official = [s for s in row.sources if s.startswith("https://")]
    if _states_facts(row) and not official and row.basis != "seed":
        items.append(
            Item(
                "error",
                "unsourced",
                where,
                "no https source supports it: add one, or mark the row `basis: seed`",
            )
        )
    if row.basis == "seed":
        items.append(Item("report", "seed-only", where, "rests on the seed document only"))
    elif row.basis != "official-doc":
        items.append(Item("report", "basis", where, f"basis: {row.basis}"))
    for conflict in row.conflicts:
        claims = " | ".join(
            f"{c.value}: {c.text.en} ({', '.join(c.sources)})" for c in conflict.claims
        )
        items.append(
            Item(
                "report",
                "conflict",
                where,
                f"{conflict.field} -> {conflict.resolution}; {claims}",
            )
        )
    if isinstance(row, MatrixRow):
        for mode in ISOLATION_MODES:
            if row.cell(mode).preview:
                items.append(Item("report", "preview", where, f"{mode} isolation is a preview"))
    return items


def _states_facts(row: Provenance) -> bool:
    states = getattr(row, "states_facts", None)
    return bool(states()) if callable(states) else True


def _lifecycle_items(tables: Tables, today: date) -> list[Item]:
    items: list[Item] = []
    for runtime in tables.runtimes.values():
        for version in runtime.versions:
            if version.end is not None and version.end <= today:
                items.append(
                    Item(
                        "report",
                        "lifecycle",
                        f"{tables.source('runtimes')} § {runtime.id}",
                        f"{version.label(runtime.name.en)} support ended {version.end.isoformat()}",
                    )
                )
    return items


def _note_items(tables: Tables, corpus_dir: Path, rows: list[tuple[str, Provenance]]) -> list[Item]:
    """A note older than a row citing the same URL: the row may have corrected what it says."""
    from assistant.ingest.corpus import corpus_files, load_document

    items: list[Item] = []
    dates = note_dates(corpus_dir)
    for file in corpus_files(corpus_dir):
        document = load_document(file, corpus_dir)
        checked = dates.get(document.path)
        if checked is None:
            continue
        newer = sorted(
            {
                where.partition(" § ")[2]
                for where, row in rows
                if row.checked > checked and set(row.sources) & set(document.meta.sources)
            }
        )
        if newer:
            shown = ", ".join(newer[:6]) + (f" and {len(newer) - 6} more" if len(newer) > 6 else "")
            items.append(
                Item(
                    "report",
                    "note-older",
                    document.path,
                    f"checked {checked.isoformat()}, older than rows citing its sources: {shown}",
                )
            )
    return items
