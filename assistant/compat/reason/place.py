"""The place: does the platform (or the best member of a family), the host, or "anywhere" run
this container OS, and on the Windows side with the versions, isolation, architecture and
edition asked about? A place not in the tables is unknown, never guessed."""

from __future__ import annotations

from dataclasses import replace

from assistant.compat import facts
from assistant.compat.query import CompatQuery
from assistant.compat.reason import arch, edition, versions
from assistant.compat.reason.alternatives import alternative_text
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import SEVERITY, Finding, all_of, best_of, settled, unique
from assistant.compat.reason.wording import host_name, join, msg, os_name
from assistant.compat.schema import ISOLATION_MODES, LINUX, WINDOWS, HostOffer, OsName, Platform


def check(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    if q.platform:
        return _platforms(ctx, q, os)
    if q.unknown_platforms:
        # Before the host: "on Windows 11 at Hetzner" is decided by Hetzner too, and the host's
        # own verdict would be the generic answer to a question the tables cannot place.
        return not_in_tables(ctx, q.unknown_platforms)
    if q.host_os and q.host_os in ctx.tables.hosts:
        return _host(ctx, q, os)
    return _anywhere(ctx, q, os)


def not_in_tables(ctx: Ctx, names: list[str]) -> Finding:
    text = msg(ctx, "platform_not_in_tables", names=", ".join(names))
    return Finding("unknown", missing=[text], reasons=[text])


def _platforms(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    members = facts.members(ctx.tables, q.platform or "")
    if not members:
        return not_in_tables(ctx, [q.platform or ""])
    if q.host_os and len(members) > 1:
        host_os = q.host_os
        fitting = [p for p in members if facts.installs_on(ctx.tables, p, host_os)]
        # None fits (Docker Desktop on Windows Server): keep the member for that kind of OS.
        same_kind = [
            p for p in members if p.runs_on and facts.same_os_family(ctx.tables, host_os, p.runs_on)
        ]
        members = fitting or same_kind or members
    results = [(p, _platform(ctx, p, q, os)) for p in members]
    if len(results) == 1:
        return results[0][1]
    return _family(ctx, results)


def _family(ctx: Ctx, results: list[tuple[Platform, Finding]]) -> Finding:
    """The best member of a family answers; members that cannot are named as excluded, the
    other working ones as alternatives."""
    works = [(p, f) for p, f in results if f.status in ("yes", "conditional")]
    if not works:
        return best_of([f for _, f in results])
    best_platform, best = min(works, key=lambda pf: SEVERITY[pf[1].status])
    excluded = [(p, f) for p, f in results if f.status == "no"]
    out = replace(
        best,
        conditions=list(best.conditions),
        reasons=list(best.reasons),
        alternatives=list(best.alternatives),
        facts=list(best.facts),
    )
    if excluded:
        names = join(ctx, [p.name for p, _ in excluded])
        out.conditions.insert(0, msg(ctx, "use_member", member=best_platform.name, excluded=names))
        out.status = "conditional"
        for _, finding in excluded:
            out.reasons = unique(out.reasons + finding.reasons)
    for platform, finding in works:
        if platform.id != best_platform.id:
            out.alternatives.append(alternative_text(ctx, platform, finding, "alt_member"))
    for _, finding in results:
        out.facts = list(dict.fromkeys(out.facts + finding.facts))
    return out


def _platform(ctx: Ctx, p: Platform, q: CompatQuery, os: OsName) -> Finding:
    fact = f"platform.{p.id}"
    if q.host_os and not facts.installs_on(ctx.tables, p, q.host_os):
        reason = p.runs_on_note or msg(
            ctx, "platform_runs_on", platform=p.name, host=host_name(ctx, q.host_os)
        )
        return Finding("no", reasons=[reason], facts=[fact])
    support = p.os.get(os)
    names = {"platform": p.name, "os": os_name(ctx, os)}
    done = settled(
        support,
        fact,
        support.alternatives if support else [],
        unknown=msg(ctx, "platform_os_unknown", **names),
        no=msg(ctx, "platform_os_no", **names),
    )
    if done is not None:
        return done
    assert support is not None
    parts = [
        Finding(
            support.status,
            conditions=list(support.conditions),
            reasons=[support.reason] if support.reason else [],
            facts=[fact],
        )
    ]
    host = ctx.tables.hosts.get(q.host_os or "")
    if os == LINUX:
        if host is not None and p.runs_on is None and host.native_os != LINUX:
            reason = msg(ctx, "linux_needs_linux_nodes", platform=p.name)
            return Finding("no", reasons=[reason], facts=[fact])
        if q.arch:
            parts.append(arch.check(ctx, p.name, support.arch, q.arch, os, fact))
    else:
        offers = (
            support.hosts
            if support.hosts is not None
            else [HostOffer(version=h) for h in facts.windows_hosts(ctx.tables)]
        )
        place = versions.Place(
            name=p.name,
            offers=offers,
            modes=support.isolation,
            isolation_note=support.isolation_note,
            strict=support.strict_version_match,
            strict_note=support.strict_note,
            mode_conditions=support.mode_conditions,
            is_platform=True,
        )
        parts.append(versions.check(ctx, place, q))
        if q.arch:
            parts.append(arch.check(ctx, p.name, support.arch, q.arch, os, fact))
    parts.append(edition.check(ctx, q, os))
    return all_of(parts)


def _host(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    host = ctx.tables.hosts[q.host_os or ""]
    fact = f"host.{host.id}"
    support = host.os.get(os)
    if support is None:
        missing = msg(ctx, "platform_os_unknown", platform=host.name, os=os_name(ctx, os))
        return Finding("unknown", missing=[missing], facts=[fact])
    base = Finding(
        support.status,
        conditions=list(support.conditions),
        reasons=[support.reason] if support.reason else [],
        alternatives=list(support.alternatives),
        facts=[fact],
    )
    if support.status in ("no", "unknown"):
        if support.status == "unknown" and support.reason:
            base.missing.append(support.reason)
        return base
    parts = [base]
    if os == WINDOWS:
        place = versions.Place(
            name=host.name,
            offers=[HostOffer(version=m) for m in host.group or [host.id]],
            modes=support.isolation,
            mode_conditions=support.mode_conditions,
        )
        parts.append(versions.check(ctx, place, q))
        if q.arch and support.arch is not None:
            parts.append(arch.check(ctx, host.name, support.arch, q.arch, os, fact))
    parts.append(edition.check(ctx, q, os))
    return all_of(parts)


def _anywhere(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    """No platform or host named: Linux containers run on any Linux host; Windows containers
    need a Windows host, of the versions the matrix allows when a version is asked about."""
    if os == LINUX:
        return all_of([Finding("yes"), edition.check(ctx, q, os)])
    arch_finding = arch.anywhere(ctx, q.arch) if q.arch else Finding("yes")
    generic = facts.generic_windows_host(ctx.tables)
    # Needing a Windows host is what "Windows container" means, not a condition to list.
    parts = [
        Finding(
            "yes",
            reasons=[msg(ctx, "needs_windows_host")],
            facts=[f"host.{generic.id}"] if generic is not None else [],
        )
    ]
    # Which hosts run an image version is the answer only when the question is about the
    # version or the isolation, not about what an image or a workload provides.
    if q.isolation or (q.image_os and not q.workload and not q.base_image):
        place = versions.Place(
            name=generic.name if generic else os_name(ctx, WINDOWS),
            offers=[HostOffer(version=h) for h in facts.windows_hosts(ctx.tables)],
            modes=list(ISOLATION_MODES),
            mode_conditions=generic.os[WINDOWS].mode_conditions
            if generic and WINDOWS in generic.os
            else {},
        )
        parts.append(versions.check(ctx, place, q))
    parts.append(arch_finding)
    parts.append(edition.check(ctx, q, os))
    return all_of(parts)
