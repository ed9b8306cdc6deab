"""What the version rules share: the place being checked and lookups in the version matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.compat.reason.context import Ctx
from assistant.compat.reason.wording import host_name, isolation_name, join, joined, msg
from assistant.compat.schema import ISOLATION_MODES, WINDOWS, Cell, HostOffer, IsolationMode, Text

OkCell = tuple[HostOffer, IsolationMode, Cell]
"""A host that runs the image under a mode, with the matrix cell that says so."""


@dataclass(frozen=True)
class Place:
    """Where Windows containers would run: a platform's node versions, or a host's."""

    name: Text
    offers: list[HostOffer]
    modes: list[IsolationMode] | None
    """Isolation modes offered; None: the tables do not say."""
    isolation_note: Text | None = None
    strict: bool = False
    """Only images of exactly the node's Windows version are supported."""
    strict_note: Text | None = None
    mode_conditions: dict[IsolationMode, list[Text]] = field(default_factory=dict)
    is_platform: bool = False


def cell_ok(ctx: Ctx, host: str, image: str, mode: IsolationMode) -> bool:
    row = ctx.tables.matrix.get((host, image))
    return row is not None and row.cell(mode).status in ("yes", "conditional")


def image_versions(ctx: Ctx) -> list[str]:
    """Windows Server versions that exist as images, newest first."""
    return sorted({image for (_, image) in ctx.tables.matrix}, reverse=True)


def unconfirmed_note(ctx: Ctx, place: Place, offer: HostOffer) -> Text:
    return offer.note or msg(
        ctx, "host_unconfirmed", platform=place.name, host=host_name(ctx, offer.version)
    )


def hyperv_alternative(ctx: Ctx) -> list[Text]:
    """The platforms that offer Hyper-V isolation, as one alternative."""
    names = [
        p.name
        for p in ctx.tables.platforms.values()
        if WINDOWS in p.os and "hyperv" in (p.os[WINDOWS].isolation or [])
    ]
    return [msg(ctx, "alt_hyperv", platforms=join(ctx, names))] if names else []


def host_groups(ctx: Ctx, ok: list[OkCell]) -> Text:
    """E.g. 'Windows Server 2019 (process or Hyper-V isolation); Windows 11 (Hyper-V)'."""
    by_host: dict[str, list[IsolationMode]] = {}
    for offer, mode, _ in ok:
        by_host.setdefault(offer.version, [])
        if mode not in by_host[offer.version]:
            by_host[offer.version].append(mode)
    groups: dict[tuple[IsolationMode, ...], list[str]] = {}
    for host_id, host_modes in by_host.items():
        key = tuple(m for m in ISOLATION_MODES if m in host_modes)
        groups.setdefault(key, []).append(host_id)
    parts = [
        msg(
            ctx,
            "host_group",
            hosts=join(ctx, [host_name(ctx, h) for h in hosts], "list_sep"),
            modes=join(ctx, [isolation_name(ctx, m) for m in key]),
        )
        for key, hosts in sorted(groups.items(), key=lambda kv: -len(kv[0]))
    ]
    return joined(ctx, parts, "group_sep")
