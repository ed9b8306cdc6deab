"""A platform's own version against the host versions it offers: AKS offers Windows Server 2025
node pools from Kubernetes 1.32 and Windows Server 2022 ones before Kubernetes 1.37, so "AKS
1.30 with Windows Server 2025 nodes" and "Windows Server 2022 node pools after we move to 1.37"
are both "no", and a version that meets the bounds is placed instead of leaving `unknown`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.compat.query import CompatQuery
from assistant.compat.reading.versions import parse_version, version_of
from assistant.compat.tables import Tables
from assistant.models import Language, Verdict


@dataclass(frozen=True)
class OutOfOffer:
    """A stated version the host's offer does not cover."""

    stated: str
    bound: str
    side: Literal["from", "before"]


@dataclass(frozen=True)
class OfferCheck:
    placed: set[str]
    """Stated versions of the platform's own kind that the offer bounds (met or not)."""
    outside: OutOfOffer | None


def check_offer(tables: Tables, families: dict[str, list[str]], query: CompatQuery) -> OfferCheck:
    """The stated versions against the asked host's offer on the asked platform. A family
    ("GKE") whose members bound the host differently decides nothing."""
    if not (query.platform and query.host_os and query.versions):
        return OfferCheck(set(), None)
    bounds: set[tuple[str, str | None, str | None]] = set()
    for member in families.get(query.platform, [query.platform]):
        platform = tables.platforms.get(member)
        windows = platform.os.get("windows") if platform is not None else None
        if platform is None or windows is None or not platform.version_kind:
            continue
        for offer in windows.hosts or []:
            if offer.version == query.host_os and (offer.min_version or offer.ends_before):
                bounds.add((platform.version_kind, offer.min_version, offer.ends_before))
    if len(bounds) != 1:
        return OfferCheck(set(), None)
    kind, first, ends = bounds.pop()
    placed: set[str] = set()
    for label in query.versions:
        read = version_of(label, tables.reading.versions)
        if read is None or read[0] != kind:
            continue
        placed.add(label)
        if first is not None and read[1] < parse_version(first):
            return OfferCheck(placed, OutOfOffer(label, first, "from"))
        if ends is not None and read[1] >= parse_version(ends):
            return OfferCheck(placed, OutOfOffer(label, ends, "before"))
    return OfferCheck(placed, None)


def windows_floor(tables: Tables, families: dict[str, list[str]], query: CompatQuery) -> OfferCheck:
    """The stated versions against the platform's first version with Windows nodes ("OCP 4.10
    on Azure" is before WMCO's 4.11): below it, outside; at or above it for every member of
    the asked family, placed. Members with different floors decide only what all agree on."""
    if not query.platform or not query.versions or query.container_os == "linux":
        return OfferCheck(set(), None)
    floors: set[tuple[str, str]] = set()
    for member in families.get(query.platform, [query.platform]):
        platform = tables.platforms.get(member)
        windows = platform.os.get("windows") if platform is not None else None
        if platform is None or windows is None or windows.status == "no":
            continue
        if not (platform.version_kind and windows.since):
            return OfferCheck(set(), None)
        floors.add((platform.version_kind, windows.since))
    if len({kind for kind, _ in floors}) != 1:
        return OfferCheck(set(), None)
    kind = next(iter(floors))[0]
    lowest = min((since for _, since in floors), key=parse_version)
    highest = max((since for _, since in floors), key=parse_version)
    placed: set[str] = set()
    for label in query.versions:
        read = version_of(label, tables.reading.versions)
        if read is None or read[0] != kind:
            continue
        if read[1] < parse_version(lowest):
            return OfferCheck({label}, OutOfOffer(label, lowest, "from"))
        if read[1] >= parse_version(highest):
            placed.add(label)
    return OfferCheck(placed, None)


def before_windows(
    tables: Tables, out: OutOfOffer, place: str, language: Language, platform: str
) -> Verdict:
    """The "no" for a platform version older than its first one with Windows nodes."""
    messages = tables.messages
    params = {"place": place, "since": out.bound, "stated": out.stated}
    return Verdict(
        status="no",
        reasons=[messages["platform_os_from"].get(language).format(**params)],
        alternatives=[messages["feature_upgrade"].get(language).format(**params)],
        facts=[f"platform.{platform}"],
    )


def outside_offer(
    tables: Tables, query: CompatQuery, out: OutOfOffer, place: str, language: Language
) -> Verdict:
    """The "no" for a stated platform version the host's offer does not reach."""
    messages = tables.messages
    params = {
        "place": place,
        "host": tables.hosts[query.host_os or ""].name.get(language),
        "since": out.bound,
        "stated": out.stated,
    }
    if out.side == "from":
        reason = messages["host_offered_from"].get(language).format(**params)
        alternative = messages["feature_upgrade"].get(language).format(**params)
    else:
        reason = messages["host_offered_before"].get(language).format(**params)
        alternative = messages["alt_newer_host_offer"].get(language).format(**params)
    facts = [f"platform.{query.platform}"]
    return Verdict(status="no", reasons=[reason], alternatives=[alternative], facts=facts)
