"""From a finding to the Decision: the verdict in the answer language, and one Evidence per
table row it rests on (source file, row id, first https source, a one-line summary)."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.compat.messages import STATUS_KEY
from assistant.compat.query import Decision, Evidence
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding
from assistant.compat.reason.wording import host_name, msg, tag_text
from assistant.compat.schema import FactRow, MatrixRow, Text
from assistant.models import Language, Verdict


def decision(ctx: Ctx, finding: Finding, language: Language) -> Decision:
    status = finding.status
    reasons = finding.reasons
    facts = list(dict.fromkeys(f for f in finding.facts if _row(ctx, f) is not None))
    evidence = [_evidence(ctx, fact, language) for fact in facts]
    if not reasons:
        reasons = [summary(ctx, fact) for fact in facts[:2]]
    verdict = Verdict(
        status=status,
        conditions=[c.get(language) for c in finding.conditions] if status == "conditional" else [],
        alternatives=[a.get(language) for a in finding.alternatives],
        facts=facts,
        reasons=[r.get(language) for r in reasons],
        missing=[m.get(language) for m in finding.missing] if status == "unknown" else [],
    )
    return Decision(verdict=verdict, evidence=evidence)


def _row(ctx: Ctx, fact: str) -> tuple[str, FactRow | MatrixRow] | None:
    """The table and the row a fact id names ("platform.gke-standard"), or None."""
    t = ctx.tables
    kind, _, row_id = fact.partition(".")
    if kind == "matrix":
        host, _, image = row_id.rpartition("-")
        matrix_row = t.matrix.get((host, image))
        return ("matrix", matrix_row) if matrix_row is not None else None
    tables: dict[str, tuple[str, Mapping[str, FactRow]]] = {
        "platform": ("platforms", t.platforms),
        "workload": ("workloads", t.workloads),
        "image": ("base_images", t.base_images),
        "host": ("hosts", t.hosts),
        "edition": ("editions", t.editions),
    }
    if kind not in tables:
        return None
    name, rows = tables[kind]
    found = rows.get(row_id)
    return (name, found) if found is not None else None


def summary(ctx: Ctx, fact: str) -> Text:
    """The row's summary; a matrix cell's is generated from its statuses and note."""
    located = _row(ctx, fact)
    assert located is not None
    _, row = located
    if isinstance(row, FactRow):
        return row.summary
    host, _, image = fact.partition(".")[2].rpartition("-")
    matrix_row = ctx.tables.matrix[(host, image)]
    text = msg(
        ctx,
        "matrix_summary",
        host=host_name(ctx, host),
        image=tag_text(ctx, image),
        process=msg(ctx, STATUS_KEY[matrix_row.process.status]),
        hyperv=msg(ctx, STATUS_KEY[matrix_row.hyperv.status]),
    )
    if matrix_row.note is not None:
        text = Text(en=f"{text.en} {matrix_row.note.en}", ko=f"{text.ko} {matrix_row.note.ko}")
    return text


def _evidence(ctx: Ctx, fact: str, language: Language) -> Evidence:
    located = _row(ctx, fact)
    assert located is not None
    table, row = located
    sources: list[str] = list(row.sources)
    url = next((s for s in sources if s.startswith("https://")), None)
    return Evidence(
        fact=fact,
        source=ctx.tables.source(table),
        section=fact.partition(".")[2],
        url=url,
        text=summary(ctx, fact).get(language),
    )
