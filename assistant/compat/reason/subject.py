"""The subject: can the thing asked about (a workload, a base image, a Windows image version)
run in this container OS at all, and does the image provide what the workload needs?"""

from __future__ import annotations

from assistant.compat import facts
from assistant.compat.messages import CAPABILITY_KEY
from assistant.compat.query import CompatQuery
from assistant.compat.reason import arch
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding, all_of, settled
from assistant.compat.reason.wording import host_name, join, msg, os_name, tag
from assistant.compat.schema import LINUX, WINDOWS, BaseImage, Capability, OsName, Text


def check(ctx: Ctx, q: CompatQuery, os: OsName) -> Finding:
    parts: list[Finding] = []
    if q.image_os and os == LINUX:
        version = host_name(ctx, q.image_os)
        return Finding("no", reasons=[msg(ctx, "image_version_is_windows", version=version)])
    if q.isolation and os == LINUX:
        parts.append(Finding("unknown", missing=[msg(ctx, "isolation_windows_only")]))
    image = ctx.tables.base_images.get(q.base_image or "")
    if image is not None:
        parts.append(_image(ctx, image, q, os))
    if q.workload:
        parts.append(_workload(ctx, q, os, image))
    return all_of(parts)


def _image(ctx: Ctx, image: BaseImage, q: CompatQuery, os: OsName) -> Finding:
    fact = f"image.{image.id}"
    if os not in image.os:
        image_os = join(ctx, [os_name(ctx, o) for o in image.os])
        reason = msg(
            ctx, "image_os_mismatch", image=image.name, image_os=image_os, os=os_name(ctx, os)
        )
        return Finding("no", reasons=[reason], facts=[fact])
    parts = [Finding("yes", facts=[fact])]
    if os == WINDOWS and q.image_os:
        parts.append(_image_version(ctx, image, q.image_os, fact))
    elif os == WINDOWS and _none_for_host(ctx, image, q.host_os):
        # "a Nano Server image for Windows Server 2016 hosts": the host runs only 2016 images,
        # and Nano Server was never published for 2016.
        host = host_name(ctx, q.host_os or "")
        reason = msg(ctx, "image_none_for_host", image=image.name, host=host)
        parts.append(Finding("no", reasons=[reason], facts=[fact, f"host.{q.host_os}"]))
    elif os == WINDOWS and image.host_note is not None:
        parts.append(Finding("conditional", conditions=[image.host_note], facts=[fact]))
    if q.arch:
        parts.append(arch.check(ctx, image.name, image.arch.get(os), q.arch, os, fact))
    return all_of(parts)


def _none_for_host(ctx: Ctx, image: BaseImage, host_os: str | None) -> bool:
    """Whether no version of `image` that is published is one the host runs in either
    isolation mode (matrix.yaml); False when the matrix has no row for the host."""
    rows = [row for (host, _), row in ctx.tables.matrix.items() if host == host_os]
    if not rows:
        return False
    runs = {
        row.image
        for row in rows
        if {"yes", "conditional"} & {row.process.status, row.hyperv.status}
    }
    published = {v for v, entry in image.versions.items() if entry.status != "no"}
    return not (runs & published)


def _image_version(ctx: Ctx, image: BaseImage, image_os: str, fact: str) -> Finding:
    """Whether the image is published for the Windows version asked about."""
    version = image.versions.get(image_os)
    name = host_name(ctx, image_os)
    missing = msg(ctx, "image_version_missing", image=image.name, version=name)
    if version is None:
        return Finding("unknown", missing=[missing], facts=[fact])
    if version.status == "no":
        return Finding("no", reasons=[version.note or missing], facts=[fact])
    if version.status == "unknown":
        return Finding("unknown", missing=[version.note or missing], facts=[fact])
    tags = ", ".join(version.tags) or tag(ctx, image_os)
    ok = msg(ctx, "image_version_ok", image=image.name, version=name, tags=tags)
    return Finding("yes", reasons=[ok], facts=[fact])


def _workload(ctx: Ctx, q: CompatQuery, os: OsName, image: BaseImage | None) -> Finding:
    workload = ctx.tables.workloads.get(q.workload or "")
    if workload is None:
        return Finding("unknown", missing=[msg(ctx, "nothing_to_check")])
    fact = f"workload.{workload.id}"
    host = ctx.tables.hosts.get(q.host_os or "")
    if (
        workload.host_only is not None
        and host is not None
        and not facts.kind_in(ctx.tables, host, workload.host_only)
    ):
        reason = workload.host_only_reason or msg(
            ctx, "platform_os_no", platform=host.name, os=workload.name
        )
        return Finding("no", reasons=[reason], facts=[fact, f"host.{host.id}"])
    if not workload.os:
        return Finding(
            "unknown",
            missing=[msg(ctx, "workload_no_facts", workload=workload.name)],
            facts=[fact],
        )
    support = workload.os.get(os)
    names = {"workload": workload.name, "os": os_name(ctx, os)}
    done = settled(
        support,
        fact,
        workload.alternatives,
        unknown=msg(ctx, "workload_os_unknown", **names),
        no=msg(ctx, "workload_os_no", **names),
    )
    if done is not None:
        return done
    assert support is not None
    reasons = [support.reason] if support.reason else []
    parts: list[Finding] = []
    if image is None:
        parts.append(
            Finding(
                support.status,
                conditions=list(support.conditions),
                reasons=reasons,
                facts=[fact],
            )
        )
    else:
        # The question names the image: check what the workload needs instead of advising one.
        parts.append(Finding("yes", reasons=reasons, facts=[fact]))
        for capability in support.needs:
            parts.append(_capability(ctx, image, capability, q.image_os, support.base_images or []))
    if q.arch and support.arch is not None:
        parts.append(arch.check(ctx, workload.name, support.arch, q.arch, os, fact))
    return all_of(parts)


def _capability(
    ctx: Ctx, image: BaseImage, capability: Capability, version: str | None, better: list[str]
) -> Finding:
    """Whether the image, or an image it is based on, provides the capability."""
    name = msg(ctx, CAPABILITY_KEY[capability])
    current: BaseImage | None = image
    found: list[str] = []
    while current is not None:
        found.append(f"image.{current.id}")
        fact = current.capabilities.get(capability)
        if fact is not None:
            status = fact.by_version.get(version, fact.status) if version else fact.status
            alternatives = _better_images(ctx, image, better)
            if status == "yes":
                return Finding("yes", facts=found)
            if status == "no":
                reason = fact.reason or msg(
                    ctx, "image_lacks_capability", image=image.name, capability=name
                )
                return Finding("no", reasons=[reason], alternatives=alternatives, facts=found)
            missing = msg(ctx, "image_capability_unknown", image=image.name, capability=name)
            return Finding("unknown", missing=[missing], alternatives=alternatives, facts=found)
        current = ctx.tables.base_images.get(current.based_on or "")
    missing = msg(ctx, "image_capability_unknown", image=image.name, capability=name)
    return Finding(
        "unknown",
        missing=[missing],
        alternatives=_better_images(ctx, image, better),
        facts=found,
    )


def _better_images(ctx: Ctx, image: BaseImage, better: list[str]) -> list[Text]:
    names = [ctx.tables.base_images[b].name for b in better if b != image.id]
    return [msg(ctx, "alt_base_images", images=join(ctx, names))] if names else []
