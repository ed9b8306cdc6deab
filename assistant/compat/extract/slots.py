"""Slots: the lexicon mentions of a question turned into CompatQuery fields (which platform,
which workload, which image, which host), choosing among several mentions of one kind."""

from __future__ import annotations

from assistant.compat import facts
from assistant.compat.extract.context import ExtractCtx
from assistant.compat.extract.roles import moves, roles
from assistant.compat.lexicon import Mention, has_phrase
from assistant.compat.query import CompatQuery
from assistant.compat.schema import WINDOWS


def in_context(
    ctx: ExtractCtx, text: str, mentions: list[Mention], in_conversation: bool = False
) -> list[Mention]:
    """General names (Python, Nginx, GPU, ARM) count only in a container question: with
    another entity, a container word, or a compatibility conversation going on.
    "How do I reverse a list in Python?" names nothing."""
    specific = [
        m for m in mentions if m.ref.type != "generic" and not ctx.lexicon.is_general(m.ref)
    ]
    if specific or in_conversation or has_phrase(text, ctx.markers.container_context):
        return mentions
    return [m for m in mentions if not ctx.lexicon.is_general(m.ref)]


def query(ctx: ExtractCtx, text: str, mentions: list[Mention], unknown: list[str]) -> CompatQuery:
    by_type: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_type.setdefault(mention.ref.type, []).append(mention)
        for implied in mention.also:
            by_type.setdefault(implied.type, []).append(
                Mention(ref=implied, start=mention.start, end=mention.end)
            )
    platform = _platform(ctx, by_type.get("platform", []) + by_type.get("family", []))
    found = roles(
        ctx,
        text,
        mentions,
        by_type,
        has_platform=platform is not None,
        node_versions=platform is not None and _offers_node_versions(ctx, platform),
    )
    host = min(found.hosts, key=lambda h: (h[2], h[0]))[1] if found.hosts else None
    specific = sorted({(s, i) for s, i, rank in found.hosts if rank == 0})
    moved_to = _moved_to(text, specific, mentions)
    if moved_to is not None:
        # The host after the move is the one asked about.
        host = moved_to[1]
        found.hosts = [h for h in found.hosts if h[0] == moved_to[0] or h[2] != 0]
    image_moved_to = _moved_to(text, sorted(set(found.images)), mentions)
    if image_moved_to is not None:
        found.images = [image_moved_to]
    image_os = min(found.images)[1] if found.images else None
    container_os = min(found.containers)[1] if found.containers else None
    conflicts: list[str] = []
    specific_hosts = {(start, i) for start, i, rank in found.hosts if rank == 0}
    starts: set[int] = set()
    if not found.hosts and len({i for _, i in found.images}) > 1:
        # Two Windows versions and no host: one of them is surely the host (on a platform, the
        # node's), but the words do not say which, and the verdict turns on it (newer image,
        # older host).
        starts = {start for start, _ in found.images}
    elif len({i for _, i in specific_hosts}) > 1:
        # Two host versions ("host reports 17763 … built months ago on 20348"): one is the
        # image, or the host before and after an upgrade; answering for the first would answer
        # another question.
        starts = {start for start, _ in specific_hosts}
    if starts:
        conflicts = list(
            dict.fromkeys(
                text[m.start : m.end]
                for m in by_type.get("windows_version", [])
                if m.start in starts
            )
        )
    conflicts += _unrelated_base_images(ctx, text, by_type.get("base_image", []))
    return CompatQuery(
        workload=_workload(ctx, by_type.get("workload", []), container_os),
        platform=platform,
        host_os=host,
        image_os=image_os,
        base_image=_base_image(ctx, by_type.get("base_image", [])),
        isolation=_first(by_type.get("isolation", [])),  # type: ignore[arg-type]
        arch=_first(by_type.get("arch", [])),
        edition=_first(by_type.get("edition", [])),
        container_os=container_os,  # type: ignore[arg-type]
        unknown_platforms=unknown,
        conflicts=conflicts,
    )


def _moved_to(
    text: str, found: list[tuple[int, str]], mentions: list[Mention]
) -> tuple[int, str] | None:
    """The second of two versions of one role when the words say the first is left for it
    (roles.moves)."""
    if len(found) != 2:
        return None
    (first, _), (second, version) = found
    one = next((m for m in mentions if m.start == first), None)
    two = next((m for m in mentions if m.start == second), None)
    if one is None or two is None:
        return None
    return (second, version) if moves(text, one, two) else None


def _platform(ctx: ExtractCtx, mentions: list[Mention]) -> str | None:
    """'EKS … Fargate' names one platform: the one both names cover."""
    if not mentions:
        return None
    ordered = sorted(mentions, key=lambda m: m.start)
    sets = [_covers(ctx, m) for m in ordered]
    common = set.intersection(*sets)
    if len(common) == 1:
        return common.pop()
    for mention, members in zip(ordered, sets, strict=True):
        if common and members == common:
            return mention.ref.id
    return ordered[0].ref.id


def _covers(ctx: ExtractCtx, mention: Mention) -> set[str]:
    """The platform ids a platform or family mention stands for."""
    if mention.ref.type == "platform":
        return {mention.ref.id}
    return {p.id for p in facts.family_members(ctx.tables, mention.ref.id)}


def _offers_node_versions(ctx: ExtractCtx, platform: str) -> bool:
    """Managed platforms whose Windows support is a list of node versions (GKE, AKS, EKS)."""
    members = facts.members(ctx.tables, platform)
    windows = [p.os[WINDOWS] for p in members if WINDOWS in p.os and p.os[WINDOWS].status != "no"]
    return (
        bool(windows)
        and all(p.runs_on is None for p in members)
        and all(w.hosts is not None for w in windows)
    )


def _workload(
    ctx: ExtractCtx, mentions: list[Mention], container_os: str | None = None
) -> str | None:
    """Of several workloads, the one that restricts most: the answer must hold for all of them.
    First the one ruled out on the container OS the question names ("SQL Server in a Windows
    container, next to our IIS containers" is about SQL Server), then the one ruled out on more
    OSes ("an IIS container and a Linux sidecar in one pod" is a question about the mixed pod).
    Then the most specific: the one that needs the most from its image (ASP.NET needs IIS and
    the .NET Framework, so it wins over the .NET Framework)."""
    if not mentions:
        return None

    def rank(m: Mention) -> tuple[bool, int, int]:
        workload = ctx.tables.workloads[m.ref.id]
        stated = workload.os.get(container_os) if container_os else None  # type: ignore[call-overload]
        ruled_out = sum(1 for os in workload.os.values() if os.status == "no")
        needs = max((len(os.needs) for os in workload.os.values()), default=0)
        return stated is not None and stated.status == "no", ruled_out, needs

    return max(sorted(mentions, key=lambda m: m.start), key=rank).ref.id


def _base_image(ctx: ExtractCtx, mentions: list[Mention]) -> str | None:
    """Of several images, the derived one (dotnet/framework/aspnet over Server Core)."""
    ids = [m.ref.id for m in sorted(mentions, key=lambda m: m.start)]
    for image_id in ids:
        parent = ctx.tables.base_images[image_id].based_on
        if parent in ids:
            return image_id
    return ids[0] if ids else None


def _unrelated_base_images(ctx: ExtractCtx, text: str, mentions: list[Mention]) -> list[str]:
    """Two base images neither built on the other ("Server Core는 무거워서 안 쓰고 Nano Server로
    …"): the words did not say which one is asked about, and the verdict turns on it."""
    ids = list(dict.fromkeys(m.ref.id for m in sorted(mentions, key=lambda m: m.start)))

    def ancestors(image_id: str) -> set[str]:
        found: set[str] = set()
        parent = ctx.tables.base_images[image_id].based_on
        while parent is not None and parent not in found:
            found.add(parent)
            parent = (
                ctx.tables.base_images[parent].based_on
                if parent in ctx.tables.base_images
                else None
            )
        return found

    inherited = set().union(*(ancestors(i) for i in ids)) if ids else set()
    # "dotnet/aspnet:8.0-nanoserver-ltsc2022": one image whose tag names the base it is built on.
    inherited |= {m.ref.id for m in mentions if _in_the_tag_of_another(text, m, mentions)}
    leaves = [i for i in ids if i not in inherited]
    if len(leaves) < 2:
        return []
    return list(dict.fromkeys(text[m.start : m.end] for m in mentions if m.ref.id in leaves))


def _in_the_tag_of_another(text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether `mention` stands after another image's name in one unbroken image reference."""
    start = mention.start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return any(
        other is not mention
        and start <= other.start < mention.start
        and ":" in text[other.start : mention.start]
        for other in mentions
    )


def _first(mentions: list[Mention]) -> str | None:
    return min(mentions, key=lambda m: m.start).ref.id if mentions else None
