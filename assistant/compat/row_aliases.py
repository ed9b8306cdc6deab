"""Table rows join the lexicon: a row's name and its own `aliases:` become lexicon entries, so
a new platform, workload, image, edition or host needs no lexicon edit."""

from __future__ import annotations

import re
from typing import Any

from assistant.compat.lexicon_schema import LexiconEntry, LexiconFile
from assistant.compat.schema import (
    LINUX_HOST,
    WINDOWS_ANY,
    WINDOWS_SERVER,
    BaseImage,
    Edition,
    Host,
    Platform,
    Workload,
)


def with_row_aliases(
    lexicon: LexiconFile,
    platforms: dict[str, Platform],
    workloads: dict[str, Workload],
    base_images: dict[str, BaseImage],
    hosts: dict[str, Host],
    editions: dict[str, Edition],
) -> LexiconFile:
    """A row's name and its own `aliases:` join the lexicon, so a new platform needs no lexicon
    edit. A name the lexicon already gives to something else stays with the lexicon's entry."""
    taken: dict[str, tuple[str, str]] = {
        _alias_key(alias): (str(entry.type), entry.id)
        for entry in lexicon.entities
        for alias in [*entry.en, *entry.ko]
    }
    for family in lexicon.families:
        for alias in [*family.en, *family.ko]:
            taken[_alias_key(alias)] = ("family", family.id)
    extra: list[LexiconEntry] = []
    sources: list[tuple[str, dict[str, Any]]] = [
        ("platform", dict(platforms)),
        ("workload", dict(workloads)),
        ("base_image", dict(base_images)),
        ("edition", dict(editions)),
    ]
    for kind, rows in sources:
        for row_id, row in rows.items():
            en = [*(row.aliases.en if row.aliases else []), row.name.en]
            ko = [*(row.aliases.ko if row.aliases else []), row.name.ko]
            extra.append(_entry(kind, row_id, en, ko, taken))
    for host_id, host in hosts.items():
        kind = _host_entity_type(host)
        extra.append(_entry(kind, host_id, [host.name.en], [host.name.ko], taken))
    return lexicon.model_copy(update={"entities": [*lexicon.entities, *extra]})


def _entry(
    kind: str, row_id: str, en: list[str], ko: list[str], taken: dict[str, tuple[str, str]]
) -> LexiconEntry:
    def free(names: list[str]) -> list[str]:
        kept = []
        for name in names:
            owner = taken.get(_alias_key(name))
            if owner is None or owner == (kind, row_id):
                taken[_alias_key(name)] = (kind, row_id)
                kept.append(name)
        return kept

    return LexiconEntry.model_validate({"type": kind, "id": row_id, "en": free(en), "ko": free(ko)})


def _alias_key(alias: str) -> str:
    return re.sub(r"[\s\-_]+", "", alias.lower())


def _host_entity_type(host: Host) -> str:
    """Windows Server versions are host or image by context; generic hosts are OS words."""
    if host.group or host.kind in (LINUX_HOST, WINDOWS_ANY):
        return "os_word"
    if host.kind == WINDOWS_SERVER and host.tags:
        return "windows_version"
    return "host"
