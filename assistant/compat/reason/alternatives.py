"""Alternatives for a verdict short of yes: what the workload row suggests when its OS is what
blocks it, and another platform of the same vendor (or one the row points to) that runs it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Final, Literal

from assistant.compat import facts
from assistant.compat.query import CompatQuery
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding, unique
from assistant.compat.reason.wording import msg
from assistant.compat.schema import LINUX, Platform, Text

MAX_ALTERNATIVES: Final = 4
"""Other platforms suggested at most; with the rows' own, an answer lists at most six."""

Evaluate = Callable[[CompatQuery], Finding]
"""The whole check of a query, to try a candidate platform with (`reason.evaluate`)."""


def add(ctx: Ctx, q: CompatQuery, finding: Finding, evaluate: Evaluate) -> Finding:
    if finding.status == "yes":
        return finding
    alternatives = list(finding.alternatives)
    workload = ctx.tables.workloads.get(q.workload or "")
    if (
        workload is not None
        and workload.alternatives
        and LINUX in workload.os
        and workload.os[LINUX].status == "no"
    ):
        alternatives += workload.alternatives
    if finding.status == "no" and q.platform:
        alternatives += _other_platforms(ctx, q, evaluate)
    return replace(finding, alternatives=unique(alternatives)[: MAX_ALTERNATIVES + 2])


def alternative_text(
    ctx: Ctx, platform: Platform, finding: Finding, key: Literal["alt_platform", "alt_member"]
) -> Text:
    """The "use X instead" text, with X's first condition when it is another platform."""
    detail = next((c for c in finding.conditions), None)
    if detail is not None and key == "alt_platform":
        return msg(ctx, "alt_platform_detail", platform=platform.name, detail=detail)
    return msg(ctx, key, platform=platform.name)


def _other_platforms(ctx: Ctx, q: CompatQuery, evaluate: Evaluate) -> list[Text]:
    """Another platform of the same vendor (or one the row points to) that runs it."""
    members = facts.members(ctx.tables, q.platform or "")
    if q.host_os and len(members) > 1:
        # Members the host ruled out (Docker Desktop for Windows, asked on a Mac) are
        # still worth suggesting.
        host_os = q.host_os
        members = [p for p in members if facts.installs_on(ctx.tables, p, host_os)] or members
    member_ids = {p.id for p in members}
    vendors = {p.vendor for p in members}
    candidates: list[str] = []
    for p in members:
        candidates += [other for other in p.see_also if other not in member_ids]
    candidates += [
        pid
        for pid, p in ctx.tables.platforms.items()
        if p.vendor in vendors and pid not in member_ids
    ]
    out: list[Text] = []
    for pid in dict.fromkeys(candidates):
        platform = ctx.tables.platforms[pid]
        if q.host_os and not facts.installs_on(ctx.tables, platform, q.host_os):
            # The candidate does not install on the host asked about: try it on its own hosts.
            candidate_query = q.model_copy(update={"platform": pid, "host_os": None})
        else:
            candidate_query = q.model_copy(update={"platform": pid})
        finding = evaluate(candidate_query)
        if finding.status in ("yes", "conditional"):
            out.append(alternative_text(ctx, platform, finding, "alt_platform"))
        if len(out) >= MAX_ALTERNATIVES:
            break
    return out
