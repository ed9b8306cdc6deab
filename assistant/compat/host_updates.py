"""A host's feature update against a bound that starts at one: a matrix row ("Windows 11 24H2
runs ltsc2025 images": "our laptops are Windows 11 23H2" is older, so the row does not hold;
"24H2" meets its condition) or a platform that installs from one (Docker Desktop on Windows 10
22H2 or later). Feature updates are written YYH1 / YYH2 and ordered by year, then half."""

from __future__ import annotations

import re

from assistant.compat.query import CompatQuery
from assistant.compat.tables import Tables
from assistant.models import Language, Verdict

_UPDATE = re.compile(r"^(\d{2})h([12])$", re.IGNORECASE)


def _order(label: str) -> tuple[int, int] | None:
    match = _UPDATE.match(label.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def update_bounds(tables: Tables, query: CompatQuery) -> dict[str, str | None]:
    """Each stated feature update the asked host-image row bounds: the row's first update when
    the stated one is older, else None (the bound is met)."""
    row = tables.matrix.get((query.host_os or "", query.image_os or ""))
    if row is None or row.host_from is None:
        return {}
    return _against(query.versions, row.host_from)


def install_bounds(
    tables: Tables, families: dict[str, list[str]], query: CompatQuery
) -> dict[str, str | None]:
    """Each stated feature update against the first one the asked platform installs on, for
    the asked host; every member of a family asked must agree on it."""
    if not (query.platform and query.host_os):
        return {}
    members = [tables.platforms.get(m) for m in families.get(query.platform, [query.platform])]
    firsts = {
        p.runs_on_from.get(query.host_os)
        for p in members
        if p is not None and query.host_os in (p.runs_on or [])
    }
    if len(firsts) != 1 or None in firsts:
        return {}
    return _against(query.versions, firsts.pop() or "")


def _against(versions: list[str], first: str) -> dict[str, str | None]:
    """Each stated feature update: `first` when it is older, else None (the bound is met)."""
    bound = _order(first)
    out: dict[str, str | None] = {}
    for label in versions:
        stated = _order(label)
        if stated is not None and bound is not None:
            out[label] = first if stated < bound else None
    return out


def host_too_old_to_install(
    tables: Tables, query: CompatQuery, place: str, stated: str, since: str, language: Language
) -> Verdict:
    messages = tables.messages
    params = {
        "place": place,
        "host": tables.hosts[query.host_os or ""].name.get(language),
        "since": since,
        "stated": stated,
    }
    return Verdict(
        status="no",
        reasons=[messages["platform_needs_update"].get(language).format(**params)],
        alternatives=[messages["alt_update_to_install"].get(language).format(**params)],
        facts=[f"platform.{query.platform}"],
    )


def host_too_old(
    tables: Tables, query: CompatQuery, stated: str, since: str, language: Language
) -> Verdict:
    """The "no" for a host update older than the row's first: with the images it does run."""
    host = tables.hosts[query.host_os or ""]
    image = tables.hosts[query.image_os or ""]
    runs = [
        tables.hosts[row.image].tags[0]
        for (host_id, _), row in tables.matrix.items()
        if host_id == host.id
        and row.host_from is None
        and "yes" in (row.process.status, row.hyperv.status)
        and tables.hosts[row.image].tags
    ]
    messages = tables.messages
    params = {"host": host.name.get(language), "since": since}
    return Verdict(
        status="no",
        reasons=[
            messages["host_update_needed"]
            .get(language)
            .format(image=image.name.get(language), stated=stated, **params)
        ],
        alternatives=[
            messages["alt_host_update"].get(language).format(images=", ".join(runs), **params)
        ],
        facts=[f"matrix.{host.id}-{image.id}"],
    )
