"""The architecture asked about (arm64, amd64): offered by this platform, host, image or
workload, offered only under a condition, or not said."""

from __future__ import annotations

from assistant.compat import facts
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding, best_of
from assistant.compat.reason.wording import arch_name, join, msg, os_name
from assistant.compat.schema import WINDOWS, ArchEntry, OsName, Text


def check(
    ctx: Ctx, place: Text, entries: list[ArchEntry] | None, arch: str, os: OsName, fact: str
) -> Finding:
    """Whether `place` offers `arch` for `os`, from its `arch:` entries (None: not said)."""
    arch_text = arch_name(ctx, arch)
    if entries is None:
        missing = msg(ctx, "arch_unknown", place=place, arch=arch_text, os=os_name(ctx, os))
        return Finding("unknown", missing=[missing], facts=[fact])
    for entry in entries:
        if entry.arch == arch:
            if entry.condition is not None:
                return Finding("conditional", conditions=[entry.condition], facts=[fact])
            return Finding("yes", facts=[fact])
    offered = join(ctx, [arch_name(ctx, e.arch) for e in entries])
    reason = msg(
        ctx, "arch_not_offered", place=place, arch=arch_text, os=os_name(ctx, os), offered=offered
    )
    return Finding("no", reasons=[reason], facts=[fact])


def anywhere(ctx: Ctx, arch: str) -> Finding:
    """Windows containers on some architecture, no host named: the best any host offers,
    or one "no" that lists what the Windows hosts offer."""
    options: list[Finding] = []
    offered: list[ArchEntry] = []
    for host_id in facts.windows_hosts(ctx.tables):
        host = ctx.tables.hosts[host_id]
        support = host.os.get(WINDOWS)
        if support is not None and support.arch is not None:
            offered += [e for e in support.arch if e.arch not in {o.arch for o in offered}]
            finding = check(ctx, host.name, support.arch, arch, WINDOWS, f"host.{host.id}")
            if finding.status != "no":
                options.append(finding)
    if options:
        return best_of(options)
    if not offered:
        return Finding("unknown")
    generic = facts.generic_windows_host(ctx.tables)
    place = generic.name if generic is not None else os_name(ctx, WINDOWS)
    return check(ctx, place, offered, arch, WINDOWS, f"host.{generic.id}" if generic else "")
