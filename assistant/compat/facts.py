"""Domain facts the extractor and the reasoner both rely on, stated once.

Which platforms a platform or family id stands for, whether a platform's own software installs
on a host (Docker Desktop does; managed platforms have no such limit), which hosts count as
Windows hosts. The extractor uses them to decide what a follow-up keeps, the reasoner to decide
what the answer says; with one copy they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.compat.schema import (
    WINDOWS,
    WINDOWS_ANY,
    WINDOWS_CLIENT,
    WINDOWS_SERVER,
    Host,
    Platform,
)
from assistant.compat.tables import Tables


def members(tables: Tables, platform_or_family: str) -> list[Platform]:
    """A platform id stands for itself; any other id for the platforms of that family."""
    if platform_or_family in tables.platforms:
        return [tables.platforms[platform_or_family]]
    return family_members(tables, platform_or_family)


def family_members(tables: Tables, family: str) -> list[Platform]:
    """The platforms of a family, in table order (a family may share its id with a platform:
    "openshift")."""
    return [p for p in tables.platforms.values() if family in p.families]


def member_ids(tables: Tables, platform_or_family: str) -> set[str]:
    return {p.id for p in members(tables, platform_or_family)}


def host_fits(tables: Tables, host_id: str, allowed: Sequence[str]) -> bool:
    """Whether a host is one of `allowed`; a generic host ("a Windows machine") fits when one of
    the hosts it stands for does. A host the tables lack fits nothing."""
    host = tables.hosts.get(host_id)
    if host is None:
        return False
    return host_id in allowed or any(member in allowed for member in host.group)


def installs_on(tables: Tables, platform: Platform, host_id: str) -> bool:
    """Whether the platform's own software installs on this host. Managed platforms
    (`runs_on` unset) install nowhere in particular, so any host fits."""
    return platform.runs_on is None or host_fits(tables, host_id, platform.runs_on)


def same_os_family(tables: Tables, host_id: str, allowed: Sequence[str]) -> bool:
    """Whether one of `allowed` is the same kind of OS as the host (any Windows counts as
    Windows; an unknown host is taken for Windows)."""

    def family(hid: str) -> str:
        host = tables.hosts.get(hid)
        return WINDOWS if host is None or host.native_os == WINDOWS else host.kind

    return any(family(h) == family(host_id) for h in allowed)


def kind_in(tables: Tables, host: Host, kinds: Sequence[str]) -> bool:
    """Whether a host (or every host a generic one stands for) is of one of these kinds."""
    hosts = [tables.hosts[m] for m in host.group] or [host]
    return all(h.kind in kinds for h in hosts)


def windows_hosts(tables: Tables) -> list[str]:
    """Every specific Windows host (server and client versions), in table order."""
    return [
        hid
        for hid, host in tables.hosts.items()
        if host.kind in (WINDOWS_SERVER, WINDOWS_CLIENT) and not host.group
    ]


def generic_windows_host(tables: Tables) -> Host | None:
    """The row for "any Windows machine", which stands for all Windows hosts."""
    return next((h for h in tables.hosts.values() if h.kind == WINDOWS_ANY), None)
