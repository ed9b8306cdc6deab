"""What to do when an image version runs nowhere on the place: rebuild on a tag the hosts run,
switch isolation mode, run where Hyper-V is offered, or use other hosts."""

from __future__ import annotations

from assistant.compat import facts
from assistant.compat.messages import MessageKey
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.versions.common import (
    OkCell,
    Place,
    cell_ok,
    host_groups,
    hyperv_alternative,
    image_versions,
)
from assistant.compat.reason.wording import host_name, join, msg, tag_text
from assistant.compat.schema import ISOLATION_MODES, Cell, HostOffer, IsolationMode, Text


def version_alternatives(
    ctx: Ctx,
    place: Place,
    image: str,
    active: list[HostOffer],
    modes: list[IsolationMode],
) -> list[Text]:
    alternatives: list[Text] = []
    # Where the tables do not say which isolation a platform offers, count only on process
    # isolation, the Windows Server default.
    sure_modes: list[IsolationMode] = modes if place.modes is not None else ["process"]
    rebuild = [
        candidate
        for candidate in image_versions(ctx)
        if candidate != image
        and any(
            (not place.strict or candidate == o.version) and cell_ok(ctx, o.version, candidate, m)
            for o in active
            for m in sure_modes
        )
    ]
    if rebuild:
        tags = join(ctx, [tag_text(ctx, i) for i in rebuild])
        alternatives.append(msg(ctx, "alt_rebuild", tags=tags))
    other_modes = [m for m in ISOLATION_MODES if m not in modes]
    for mode in other_modes:
        if (
            place.modes is not None
            and mode in place.modes
            and any(cell_ok(ctx, o.version, image, mode) for o in active)
        ):
            hosts = join(
                ctx,
                [host_name(ctx, o.version) for o in active if cell_ok(ctx, o.version, image, mode)],
            )
            key: MessageKey = "hyperv_only" if mode == "hyperv" else "process_only"
            alternatives.append(msg(ctx, key, hosts=hosts, image=tag_text(ctx, image)))
    no_hyperv = "hyperv" not in modes and (place.modes is None or "hyperv" not in place.modes)
    if no_hyperv and any(cell_ok(ctx, o.version, image, "hyperv") for o in active):
        alternatives += hyperv_alternative(ctx)
    if not place.is_platform:
        ok: list[OkCell] = [
            (HostOffer(version=h), m, Cell(status="yes"))
            for h in facts.windows_hosts(ctx.tables)
            for m in ISOLATION_MODES
            if cell_ok(ctx, h, image, m)
        ]
        if ok:
            alternatives.append(
                msg(ctx, "alt_hosts", image=tag_text(ctx, image), groups=host_groups(ctx, ok))
            )
    return alternatives
