"""Dates are data: sentences about lifecycles are worded from today's date, never stored in a tense.

Row texts may hold placeholders, filled when an answer is made (`today` given: "ended" /
"ends") or when rows are indexed (`today` None: "until", a wording true on any date):

    {lifecycle:ws2022}        Windows Server 2022's mainstream and extended support dates
    {current_lts:dotnet}      the current LTS of a runtime (".NET 10"), from runtimes.yaml
    {current_lts_end:dotnet}  its end of support ("2028-11-14")
    {runtimes:dotnet}         every version's end of support, newest first
    {support:dotnet@8.0}      one version's end of support

The loader checks every placeholder names a row that has the dates (`check_placeholders`), so a
typo fails at load, not in an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel

from assistant.compat.resolve import fill
from assistant.compat.runtimes import Runtime
from assistant.compat.schema import Host, Platform, Text
from assistant.models import Language

if TYPE_CHECKING:
    from assistant.compat.tables import Tables

PLACEHOLDER: Final = re.compile(
    r"\{(lifecycle|current_lts|current_lts_end|runtimes|support):([a-z0-9\-]+)(?:@([0-9.]+))?\}"
)


def render(
    text: str,
    language: Language,
    *,
    messages: Mapping[str, Text],
    hosts: Mapping[str, Host],
    runtimes: Mapping[str, Runtime],
    today: date | None,
) -> str:
    """`text` with every placeholder filled in `language`, worded from `today`."""
    if "{" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        kind, ref, version = match.group(1), match.group(2), match.group(3)
        if kind == "lifecycle":
            return host_lifecycle(messages, hosts[ref], today).get(language)
        runtime = runtimes[ref]
        if kind == "runtimes":
            return runtime_lifecycles(messages, runtime, today).get(language)
        if kind == "support":
            return runtime_lifecycles(messages, runtime, today, only=version).get(language)
        lts = runtime.current_lts(today)
        if lts is None:
            return fill(messages, "runtime_no_lts", runtime=runtime.name).get(language)
        if kind == "current_lts":
            return lts.label(runtime.name.get(language))
        return lts.end.isoformat() if lts.end else "-"

    return PLACEHOLDER.sub(one, text)


def phase(messages: Mapping[str, Text], key: str, end: date, today: date | None) -> Text:
    """ "mainstream support ended 2026-10-13" / "… ends …" / "… until …" (no date known)."""
    name = messages[key]
    if today is None:
        return fill(messages, "lifecycle_until", phase=name, date=end.isoformat())
    wording = "lifecycle_ended" if end <= today else "lifecycle_ends"
    return fill(messages, wording, phase=name, date=end.isoformat())


def host_lifecycle(messages: Mapping[str, Text], host: Host, today: date | None) -> Text:
    phases = [
        phase(messages, key, end, today)
        for key, end in (
            ("phase_mainstream", host.mainstream_end),
            ("phase_extended", host.extended_end),
        )
        if end is not None
    ]
    return fill(messages, "lifecycle_line", what=host.name, phases=_joined(messages, phases))


def runtime_lifecycles(
    messages: Mapping[str, Text], runtime: Runtime, today: date | None, only: str | None = None
) -> Text:
    lines = []
    newest_first = sorted(
        runtime.versions, key=lambda v: [int(p) for p in v.version.split(".")], reverse=True
    )
    for version in newest_first:
        if version.end is None or (only is not None and version.version != only):
            continue
        what = Text(
            en=f"{version.label(runtime.name.en)} ({version.channel})",
            ko=f"{version.label(runtime.name.ko)} ({version.channel})",
        )
        lines.append(
            fill(
                messages,
                "lifecycle_line",
                what=what,
                phases=phase(messages, "phase_support", version.end, today),
            )
        )
    return Text(en=" ".join(t.en for t in lines), ko=" ".join(t.ko for t in lines))


def _joined(messages: Mapping[str, Text], parts: list[Text]) -> Text:
    sep = messages["group_sep"]
    return Text(en=sep.en.join(p.en for p in parts), ko=sep.ko.join(p.ko for p in parts))


# --- load-time check --------------------------------------------------------------------------


def texts(value: object) -> Iterator[Text]:
    """Every Text inside a row, however deep."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


def bad_placeholder(
    row: BaseModel, hosts: Mapping[str, Host], runtimes: Mapping[str, Runtime]
) -> str | None:
    """Why a placeholder in the row cannot be filled, or None when all can."""
    for text in texts(row):
        for found in PLACEHOLDER.finditer(text.en + "\n" + text.ko):
            kind, ref, version = found.group(1), found.group(2), found.group(3)
            if (kind == "support") != (version is not None):
                return f"placeholder '{found.group(0)}': only 'support' names a version (@x.y)"
            if kind == "lifecycle":
                host = hosts.get(ref)
                if host is None or (host.mainstream_end is None and host.extended_end is None):
                    return f"placeholder '{found.group(0)}': host '{ref}' has no lifecycle dates"
            elif ref not in runtimes:
                return f"placeholder '{found.group(0)}': no runtime '{ref}' in runtimes.yaml"
            elif version is not None and runtimes[ref].version(version) is None:
                return f"placeholder '{found.group(0)}': runtime '{ref}' has no version {version}"
        if sorted(PLACEHOLDER.findall(text.en)) != sorted(PLACEHOLDER.findall(text.ko)):
            return f"placeholders differ between en and ko in '{text.en[:60]}'"
    return None


# --- the tables as of a date ------------------------------------------------------------------


def as_of(tables: Tables, today: date) -> Tables:
    """The tables with every date-bound fact turned into what it means on `today`: a host offer
    whose `until` has passed is retired from that date (the reasoner compares `retired`)."""
    changed: dict[str, Platform] = {}
    for pid, platform in tables.platforms.items():
        os_changed = {}
        for os_name, support in platform.os.items():
            if not support.hosts or not any(
                o.until is not None and o.until <= today and o.retired is None
                for o in support.hosts
            ):
                continue
            hosts = [
                o.model_copy(update={"retired": o.until})
                if o.until is not None and o.until <= today and o.retired is None
                else o
                for o in support.hosts
            ]
            os_changed[os_name] = support.model_copy(update={"hosts": hosts})
        if os_changed:
            changed[pid] = platform.model_copy(update={"os": {**platform.os, **os_changed}})
    if not changed:
        return tables
    return replace(tables, platforms={**tables.platforms, **changed})
