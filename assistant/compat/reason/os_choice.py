"""Which container OS a question means: the one it names, the ones its image, image version,
isolation mode or host allow, or both (Linux first) when nothing narrows it."""

from __future__ import annotations

from assistant.compat.query import CompatQuery
from assistant.compat.reason.context import Ctx
from assistant.compat.schema import LINUX, OS_NAMES, WINDOWS, OsName


def options(ctx: Ctx, q: CompatQuery) -> list[OsName]:
    if q.container_os:
        return [q.container_os]
    allowed: set[str] = set(OS_NAMES)
    constraints: list[set[str]] = []
    if q.image_os or q.isolation:
        constraints.append({WINDOWS})
    image = ctx.tables.base_images.get(q.base_image or "")
    if image is not None:
        constraints.append(set(image.os))
    host = ctx.tables.hosts.get(q.host_os or "")
    if q.platform and host is not None:
        # Nodes of a platform run the host's own OS (a Mac counts as not Linux).
        constraints.append({LINUX} if host.native_os == LINUX else {WINDOWS})
    for constraint in constraints:
        narrowed = allowed & constraint
        if not narrowed:
            # Contradictory slots: check both, so the subject check says why it is a no.
            return list(OS_NAMES)
        allowed = narrowed
    return [os for os in OS_NAMES if os in allowed]


def native(ctx: Ctx, q: CompatQuery) -> OsName | None:
    """The OS a host asked about runs natively ("X on Windows" means Windows containers first);
    None with a platform, an unknown host or a macOS host."""
    host = ctx.tables.hosts.get(q.host_os or "")
    if host is None or q.platform:
        return None
    return host.native_os
