"""An image version asked about by name (ltsc2019 on Windows Server 2022 nodes): the matrix
cells of every active host and mode, and what to say when it runs, when it does not and why."""

from __future__ import annotations

from assistant.compat.query import CompatQuery
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding, unique
from assistant.compat.reason.versions import advice
from assistant.compat.reason.versions.common import (
    OkCell,
    Place,
    cell_ok,
    host_groups,
    image_versions,
    unconfirmed_note,
)
from assistant.compat.reason.wording import host_name, isolation_name, join, msg, tag_text
from assistant.compat.schema import ISOLATION_MODES, HostOffer, IsolationMode, Status, Text


def on_hosts(
    ctx: Ctx,
    place: Place,
    q: CompatQuery,
    image: str,
    active: list[HostOffer],
    inactive: list[tuple[HostOffer, Text]],
    unconfirmed: list[HostOffer],
    modes: list[IsolationMode],
    modes_known: bool,
) -> Finding:
    image_tag = tag_text(ctx, image)
    ok: list[OkCell] = []
    unknown: list[Text] = []
    found: list[str] = []
    for offer in active:
        for mode in modes:
            if place.strict and offer.version != image:
                continue
            row = ctx.tables.matrix.get((offer.version, image))
            if row is None:
                unknown.append(
                    msg(
                        ctx,
                        "matrix_missing",
                        image=image_tag,
                        host=host_name(ctx, offer.version),
                    )
                )
                continue
            found.append(f"matrix.{row.id}")
            cell = row.cell(mode)
            if cell.status in ("yes", "conditional"):
                if not modes_known and mode == "hyperv":
                    # The platform may not offer Hyper-V: say so only if nothing else works.
                    continue
                ok.append((offer, mode, cell))
            elif cell.status == "unknown":
                unknown.append(cell.reason or msg(ctx, "status_unknown"))
    found = list(dict.fromkeys(found))
    if ok:
        return _runs(ctx, place, q, image_tag, active, ok, modes, found)

    # Nothing runs on the active hosts. Would an unconfirmed host, or Hyper-V, settle it?
    for offer in unconfirmed:
        if any(cell_ok(ctx, offer.version, image, m) for m in modes) and (
            not place.strict or offer.version == image
        ):
            unknown.append(unconfirmed_note(ctx, place, offer))
    if not modes_known:
        for offer in active:
            if (not place.strict or offer.version == image) and cell_ok(
                ctx, offer.version, image, "hyperv"
            ):
                mode_name = isolation_name(ctx, "hyperv")
                unknown.append(msg(ctx, "isolation_unknown", platform=place.name, mode=mode_name))
                break
    reasons = [
        note
        for offer, note in inactive
        if any(cell_ok(ctx, offer.version, image, m) for m in ISOLATION_MODES)
    ]
    reasons += _why_not(ctx, place, q, image, active, modes, modes_known)
    if unknown:
        return Finding("unknown", missing=unique(unknown), reasons=reasons, facts=found)
    return Finding(
        "no",
        reasons=unique(reasons),
        alternatives=advice.version_alternatives(ctx, place, image, active, modes),
        facts=found,
    )


def _runs(
    ctx: Ctx,
    place: Place,
    q: CompatQuery,
    image_tag: Text,
    active: list[HostOffer],
    ok: list[OkCell],
    modes: list[IsolationMode],
    found: list[str],
) -> Finding:
    """The image runs on some host under some mode: on which, how, and what must hold."""
    hosts_ok = list(dict.fromkeys(offer.version for offer, _, _ in ok))
    offers_ok = [o for o in active if o.version in hosts_ok]
    modes_ok = {mode for _, mode, _ in ok}
    conditions: list[Text] = []
    reasons: list[Text] = []
    for host_id in hosts_ok:
        host_modes = [
            m for m in ISOLATION_MODES if any(o.version == host_id and mm == m for o, mm, _ in ok)
        ]
        reasons.append(
            msg(
                ctx,
                "matrix_ok",
                host=host_name(ctx, host_id),
                image=image_tag,
                modes=join(ctx, [isolation_name(ctx, m) for m in host_modes]),
            )
        )
    both_considered = "process" in modes and "hyperv" in modes
    if not place.is_platform and len(active) > 1:
        conditions.append(msg(ctx, "hosts_for_image", image=image_tag, groups=host_groups(ctx, ok)))
    else:
        if len(hosts_ok) < len(active):
            hosts = join(ctx, [host_name(ctx, h) for h in hosts_ok])
            conditions.append(msg(ctx, "use_hosts", hosts=hosts))
        hosts_text = join(ctx, [host_name(ctx, h) for h in hosts_ok])
        if both_considered and modes_ok == {"hyperv"}:
            conditions.append(msg(ctx, "hyperv_only", hosts=hosts_text, image=image_tag))
        elif both_considered and modes_ok == {"process"} and place.modes is not None:
            conditions.append(msg(ctx, "process_only", hosts=hosts_text, image=image_tag))
    alternatives: list[Text] = []
    if both_considered and modes_ok == {"hyperv"}:
        # Process isolation would need an image of the host's own build.
        rebuild = [
            candidate
            for candidate in image_versions(ctx)
            if any(cell_ok(ctx, h, candidate, "process") for h in hosts_ok)
            and (not place.strict or candidate in hosts_ok)
        ]
        if rebuild:
            tags = join(ctx, [tag_text(ctx, i) for i in rebuild])
            alternatives.append(msg(ctx, "alt_rebuild", tags=tags))
    if modes_ok == {"hyperv"} or q.isolation == "hyperv":
        conditions += place.mode_conditions.get("hyperv", [])
    elif q.isolation == "process":
        conditions += place.mode_conditions.get("process", [])
    for _, _, cell in ok:
        if cell.condition is not None:
            conditions.append(cell.condition)
    if len(offers_ok) == 1 and place.is_platform:
        offer = offers_ok[0]
        if offer.note is not None:
            conditions.append(offer.note)
    conditions = unique(conditions)
    status: Status = "conditional" if conditions else "yes"
    return Finding(
        status, conditions=conditions, reasons=reasons, alternatives=alternatives, facts=found
    )


def _why_not(
    ctx: Ctx,
    place: Place,
    q: CompatQuery,
    image: str,
    active: list[HostOffer],
    modes: list[IsolationMode],
    modes_known: bool,
) -> list[Text]:
    """Why the image runs on none of the active hosts, host by host."""
    reasons: list[Text] = []
    image_tag = tag_text(ctx, image)
    for offer in active:
        name = host_name(ctx, offer.version)
        if place.strict and offer.version != image:
            reasons.append(place.strict_note or msg(ctx, "strict_mismatch", platform=place.name))
            continue
        row = ctx.tables.matrix.get((offer.version, image))
        if row is None:
            continue
        runs = [m for m in ISOLATION_MODES if row.cell(m).status in ("yes", "conditional")]
        if not runs:
            reasons.append(msg(ctx, "matrix_no_any", host=name, image=image_tag))
        elif modes_known and not set(runs) & set(modes):
            if q.isolation and q.isolation not in runs:
                mode_name = isolation_name(ctx, q.isolation)
                reasons.append(
                    msg(ctx, "matrix_mode_no", host=name, image=image_tag, mode=mode_name)
                )
            elif runs == ["hyperv"]:
                reasons.append(
                    msg(
                        ctx,
                        "matrix_hyperv_not_offered",
                        host=name,
                        image=image_tag,
                        platform=place.name,
                    )
                )
    if place.isolation_note is not None and "hyperv" not in (place.modes or []):
        reasons.append(place.isolation_note)
    return unique(reasons)
