"""Follow-ups, resolved in this one place: what a question inside a conversation keeps from the
previous query ("what about EKS?" keeps the workload, "and on Fargate?" after EKS means EKS on
Fargate), and what it drops because it contradicts the new question."""

from __future__ import annotations

from typing import Final

from assistant.compat import facts
from assistant.compat.extract.context import ExtractCtx
from assistant.compat.extract.intent import is_wh
from assistant.compat.lexicon import has_phrase, normalize
from assistant.compat.query import CompatQuery
from assistant.compat.schema import WINDOWS

SUBJECT_SLOTS: Final = ("workload", "base_image", "image_os", "container_os")
MODIFIER_SLOTS: Final = ("isolation", "arch", "edition")


def refers_back(ctx: ExtractCtx, question: str) -> bool:
    """Whether the question leans on the previous turn ("what about EKS?", "for that")."""
    text = normalize(question)
    return has_phrase(text, ctx.markers.followup) or has_phrase(text, ctx.markers.anaphora)


def resolve(ctx: ExtractCtx, text: str, new: CompatQuery, previous: CompatQuery) -> CompatQuery:
    """The query the question means, given the previous one (`text` is normalized)."""
    if new.is_empty() or is_wh(ctx, text):
        return new  # "thanks", or a new what-is question: nothing to carry over
    marker = has_phrase(text, ctx.markers.followup)
    if new.has_subject() and new.has_place() and not marker:
        return new  # a complete new question stands alone
    merged = new.model_copy(deep=True)
    if not new.has_place():
        merged.platform = previous.platform
        merged.host_os = previous.host_os
        merged.unknown_platforms = list(previous.unknown_platforms)
    elif new.platform and previous.platform:
        # "and on Fargate?" after EKS means EKS on Fargate: the platform both names cover.
        new_members = facts.member_ids(ctx.tables, new.platform)
        common = new_members & facts.member_ids(ctx.tables, previous.platform)
        if len(common) == 1 and common != new_members:
            merged.platform = common.pop()
        if not new.host_os and previous.host_os:
            merged.host_os = previous.host_os  # the node version still applies
    elif new.host_os and not new.platform and not new.unknown_platforms and previous.platform:
        merged.platform = previous.platform  # "and Windows Server 2025?": same platform's nodes
    for slot in SUBJECT_SLOTS + MODIFIER_SLOTS:
        if getattr(merged, slot) is None and getattr(previous, slot) is not None:
            setattr(merged, slot, getattr(previous, slot))
    merged = _drop_conflicts(ctx, merged, new)
    merged.is_compat_question = previous.is_compat_question or new.is_compat_question
    return merged


def _drop_conflicts(ctx: ExtractCtx, merged: CompatQuery, new: CompatQuery) -> CompatQuery:
    """An inherited slot that contradicts a new one goes: "what about Linux containers?"
    after a .NET Framework question asks about Linux containers, not about .NET Framework."""
    new_os = _os_of(ctx, new)
    if new_os is None:
        return merged
    for slot in SUBJECT_SLOTS:
        if getattr(new, slot) is not None:
            continue
        inherited = CompatQuery(**{slot: getattr(merged, slot)})
        os_set = _os_of(ctx, inherited)
        if os_set is not None and not (os_set & new_os):
            setattr(merged, slot, None)
    # An inherited host or platform goes when the platform does not install on that host.
    if new.host_os is None and not _installs_on(ctx, merged.platform, merged.host_os):
        merged.host_os = None
    if new.platform is None and not _installs_on(ctx, merged.platform, new.host_os):
        merged.platform = None
    return merged


def _installs_on(ctx: ExtractCtx, platform_id: str | None, host_os: str | None) -> bool:
    """The shared rule (facts.installs_on); a slot that is not set conflicts with nothing."""
    platform = ctx.tables.platforms.get(platform_id or "")
    if platform is None or host_os is None:
        return True
    return facts.installs_on(ctx.tables, platform, host_os)


def _os_of(ctx: ExtractCtx, query: CompatQuery) -> set[str] | None:
    """Which container OSes the subject slots of a query allow; None when they say nothing."""
    allowed: set[str] | None = None

    def narrow(values: set[str]) -> None:
        nonlocal allowed
        allowed = set(values) if allowed is None else allowed & values

    if query.container_os:
        narrow({str(query.container_os)})
    if query.image_os:
        narrow({WINDOWS})
    if query.base_image and query.base_image in ctx.tables.base_images:
        narrow({str(os) for os in ctx.tables.base_images[query.base_image].os})
    if query.workload and query.workload in ctx.tables.workloads:
        workload = ctx.tables.workloads[query.workload]
        runs = {str(os) for os, s in workload.os.items() if s.status != "no"}
        if runs:
            narrow(runs)
    return allowed
