"""The host edition asked about (e.g. Windows Server Standard vs Datacenter, Windows Home):
what it runs, and what a chosen isolation mode needs on it."""

from __future__ import annotations

from assistant.compat.query import CompatQuery
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding
from assistant.compat.reason.wording import isolation_name, msg, os_name
from assistant.compat.schema import WINDOWS, Edition, OsName, Status


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
    over = _over_limit(ctx, q, edition)
    if over is not None:
        return over
    if support.status == "unknown":  # e.g. sources that disagree (resolve.py words them)
        return Finding("unknown", missing=[support.reason] if support.reason else [], facts=[fact])
    status: Status = "conditional" if conditions else support.status
    return Finding(status, conditions=conditions, facts=[fact])


def _over_limit(ctx: Ctx, q: CompatQuery, edition: Edition) -> Finding | None:
    """ "Five Hyper-V containers on Windows Server Standard": more than the licence allows."""
    if q.isolation is None or q.container_count is None:
        return None
    limit = edition.max_containers.get(q.isolation)
    if limit is None or q.container_count <= limit:
        return None
    mode = edition.isolation.get(q.isolation)
    reason = msg(
        ctx,
        "edition_container_limit",
        edition=edition.name,
        limit=str(limit),
        isolation=isolation_name(ctx, q.isolation),
        count=str(q.container_count),
    )
    return Finding(
        "no",
        reasons=[reason],
        alternatives=list(mode.alternatives) if mode is not None else [],
        facts=[f"edition.{edition.id}"],
    )
