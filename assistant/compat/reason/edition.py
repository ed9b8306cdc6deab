"""The host edition asked about (e.g. Windows Server Standard vs Datacenter, Windows Home):
what it runs, and what a chosen isolation mode needs on it."""

from __future__ import annotations

from assistant.compat.query import CompatQuery
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding
from assistant.compat.reason.wording import msg, os_name
from assistant.compat.schema import WINDOWS, OsName, Status


def check(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    edition = ctx.tables.editions.get(q.edition or "")
    if edition is None:
        return Finding("yes")
    support = edition.os.get(os)
    if support is None:
        return Finding("yes")
    fact = f"edition.{edition.id}"
    conditions = list(support.conditions)
    if os == WINDOWS and q.isolation and q.isolation in edition.isolation:
        conditions += edition.isolation[q.isolation].conditions
    if support.status == "no":
        reason = support.reason or msg(
            ctx, "edition_no_default", edition=edition.name, os=os_name(ctx, os)
        )
        return Finding(
            "no", reasons=[reason], alternatives=list(support.alternatives), facts=[fact]
        )
    if support.status == "unknown":  # e.g. sources that disagree (resolve.py words them)
        return Finding("unknown", missing=[support.reason] if support.reason else [], facts=[fact])
    status: Status = "conditional" if conditions else support.status
    return Finding(status, conditions=conditions, facts=[fact])
