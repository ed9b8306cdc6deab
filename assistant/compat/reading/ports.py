"""What a hypothetical leaves behind: the present state of something the asker would change.

"지금은 4.8이라 윈도우 노드풀을 쓰는데, .NET 10으로 포팅하면 Autopilot으로 …?" asks about the ported
app, so the OS of the present state is context; after a port of the workload its base image and
that image's tag are too ("… on Cloud Run? Today it is .NET Framework 4.8 on servercore
ltsc2019."). What the asking clause itself names stays ("… and keep the servercore image?").
"""

from __future__ import annotations

from assistant.compat.lexicon import Mention
from assistant.compat.reading.implied import OS_TYPES


def left_behind(
    text: str, present: list[Mention], kept: list[Mention], hypothetical: list[Mention]
) -> list[Mention]:
    """The mentions of `present` (not set aside yet) that describe what the change replaces."""
    kinds: tuple[str, ...] = OS_TYPES
    if any(m.ref.type == "workload" for m in hypothetical):
        kinds = (*OS_TYPES, "base_image")
    left = [m for m in present if m.ref.type in kinds and m not in kept]
    return left + [m for m in present if m not in left and _tag_of(text, m, left)]


def _tag_of(text: str, mention: Mention, images: list[Mention]) -> bool:
    """ "servercore ltsc2019", "servercore:ltsc2022": a Windows version right after an image."""
    return mention.ref.type == "windows_version" and any(
        i.ref.type == "base_image"
        and i.end <= mention.start
        and not text[i.end : mention.start].strip(" :-")
        for i in images
    )
