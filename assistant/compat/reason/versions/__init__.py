"""Windows versions and isolation: which hosts a place offers (retired, unconfirmed, missing),
which isolation modes, and whether the host x image x isolation matrix lets the image run.

`check` is the entry point; `image` holds the rule for an image version asked about by name,
`advice` what to do instead when it does not run, `common` the place and matrix lookups.
"""

from __future__ import annotations

from assistant.compat.messages import MessageKey
from assistant.compat.query import CompatQuery
from assistant.compat.reason.context import Ctx
from assistant.compat.reason.finding import Finding
from assistant.compat.reason.versions import image
from assistant.compat.reason.versions.common import (
    Place,
    cell_ok,
    hyperv_alternative,
    image_versions,
    unconfirmed_note,
)
from assistant.compat.reason.wording import (
    host_name,
    isolation_name,
    join,
    joined,
    msg,
    offered,
    os_name,
    tag_text,
)
from assistant.compat.schema import ISOLATION_MODES, WINDOWS, Host, HostOffer, IsolationMode, Text

__all__ = ["Place", "check"]


def check(ctx: Ctx, place: Place, q: CompatQuery) -> Finding:
    active: list[HostOffer] = []
    inactive: list[tuple[HostOffer, Text]] = []
    unconfirmed: list[HostOffer] = []
    for offer in place.offers:
        name = host_name(ctx, offer.version)
        if offer.status == "unconfirmed":
            unconfirmed.append(offer)
        elif offer.status == "no":
            note = offer.note or msg(
                ctx,
                "platform_lacks_host",
                platform=place.name,
                host=name,
                offered=offered(ctx, place.offers),
            )
            inactive.append((offer, note))
        elif offer.retired is not None and offer.retired <= ctx.today:
            note = offer.note or msg(
                ctx, "host_retired", platform=place.name, host=name, date=offer.retired.isoformat()
            )
            inactive.append((offer, note))
        else:
            active.append(offer)

    host = ctx.tables.hosts.get(q.host_os or "")
    if host is not None:
        if host.native_os != WINDOWS:
            return _host_os_blocks(ctx, host)
        wanted = set(host.group or [host.id])
        active = [o for o in active if o.version in wanted]
        inactive = [(o, n) for o, n in inactive if o.version in wanted]
        unconfirmed = [o for o in unconfirmed if o.version in wanted]
        if not active:
            if inactive:
                return Finding("no", reasons=[n for _, n in inactive])
            if unconfirmed:
                return Finding(
                    "unknown", missing=[unconfirmed_note(ctx, place, o) for o in unconfirmed]
                )
            offered_text = offered(ctx, [o for o in place.offers if o.status == "yes"])
            reason = msg(
                ctx,
                "platform_lacks_host",
                platform=place.name,
                host=host.name,
                offered=offered_text,
            )
            return Finding("no", reasons=[reason])

    modes_or_block = _modes(ctx, place, q)
    if isinstance(modes_or_block, Finding):
        return modes_or_block
    modes, modes_known = modes_or_block
    if q.image_os:
        return image.on_hosts(
            ctx, place, q, q.image_os, active, inactive, unconfirmed, modes, modes_known
        )
    return _version_rule(ctx, place, q, active, modes, modes_known)


def _modes(ctx: Ctx, place: Place, q: CompatQuery) -> tuple[list[IsolationMode], bool] | Finding:
    """The isolation modes to consider and whether the tables say they are offered; or the
    finding when the mode asked about is not offered or not known."""
    if q.isolation:
        mode_name = isolation_name(ctx, q.isolation)
        if place.modes is None:
            return Finding(
                "unknown",
                missing=[msg(ctx, "isolation_unknown", platform=place.name, mode=mode_name)],
            )
        if q.isolation not in place.modes:
            reason = place.isolation_note or msg(
                ctx, "isolation_not_offered", platform=place.name, mode=mode_name
            )
            alternatives = hyperv_alternative(ctx) if q.isolation == "hyperv" else []
            return Finding("no", reasons=[reason], alternatives=alternatives)
        return [q.isolation], True
    if place.modes is None:
        return list(ISOLATION_MODES), False
    return list(place.modes), True


def _version_rule(
    ctx: Ctx,
    place: Place,
    q: CompatQuery,
    active: list[HostOffer],
    modes: list[IsolationMode],
    modes_known: bool,
) -> Finding:
    """No image version asked: say which image versions fit which hosts, where that binds."""
    found: list[str] = []
    process_only = modes_known and modes == ["process"]
    if place.is_platform and (place.strict or process_only) and active:
        pairs: list[Text] = []
        for offer in active:
            images = [
                candidate
                for candidate in image_versions(ctx)
                if (not place.strict or candidate == offer.version)
                and any(cell_ok(ctx, offer.version, candidate, m) for m in modes)
            ]
            found += [f"matrix.{offer.version}-{candidate}" for candidate in images]
            if images:
                tags = join(ctx, [tag_text(ctx, i) for i in images])
                pairs.append(msg(ctx, "pair", images=tags, host=host_name(ctx, offer.version)))
        key: MessageKey = "version_match_strict" if place.strict else "version_match"
        condition = msg(ctx, key, platform=place.name, pairs=joined(ctx, pairs, "list_sep"))
        reasons = (
            [place.isolation_note] if place.isolation_note is not None and not place.strict else []
        )
        conditions = [condition, *_asked_host_note(place, q, active)]
        return Finding("conditional", conditions=conditions, reasons=reasons, facts=found)
    conditions = _asked_host_note(place, q, active)
    if q.isolation:
        conditions += place.mode_conditions.get(q.isolation, [])
    return Finding(
        "conditional" if conditions else "yes",
        conditions=conditions,
        reasons=[msg(ctx, "version_rule")],
    )


def _asked_host_note(place: Place, q: CompatQuery, active: list[HostOffer]) -> list[Text]:
    """The platform's own limit on the one host version asked ("not on Kubernetes 1.37+",
    "needs --enable-fips-image"), as the image path states it too: without it a question that
    names no cluster version gets the note's limit neither as a condition nor in the text."""
    if place.is_platform and q.host_os and len(active) == 1 and active[0].note is not None:
        return [active[0].note]
    return []


def _host_os_blocks(ctx: Ctx, host: Host) -> Finding:
    """A Linux or macOS host asked about for Windows containers: what its row says."""
    support = host.os.get(WINDOWS)
    if support is None:
        return Finding(
            "unknown",
            missing=[msg(ctx, "platform_os_unknown", platform=host.name, os=os_name(ctx, WINDOWS))],
        )
    return Finding(
        support.status if support.status == "no" else "unknown",
        reasons=[support.reason] if support.reason else [],
        alternatives=list(support.alternatives),
        facts=[f"host.{host.id}"],
    )
