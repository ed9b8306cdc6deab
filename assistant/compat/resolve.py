"""From rows as written to rows as the reasoner reads them, once at load.

The YAML says what the sources say: a cell is a `preview`, two sources `conflict` on a field, a
vendor's host list is only a tested list (`hosts_exclusive: false`). The reasoner knows statuses,
conditions and reasons. This module turns the first into the second, so every reader of the
tables (reasoner, eval, perturbation suite) follows the data with no code of its own:

- a `yes` preview cell becomes `conditional`, with the preview as its condition;
- a conflict sets its field to the conflict's resolution and words every claim as a reason or a
  condition ("Sources disagree: …"); the raw `conflicts` stay on the row for citing and for
  `berth corpus check`;
- a non-exclusive host list gains an `unconfirmed` offer for every Windows Server version it
  does not name (absent = unknown, not no).

A conflict on `os.windows.strict_version_match` cannot be settled per row: the looser value is
kept here and `assistant.compat.annotate` applies the resolution when a verdict rests on an
image of another Windows version than the node's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from assistant.compat.schema import (
    WINDOWS_SERVER,
    Cell,
    Conflict,
    Host,
    HostOffer,
    MatrixRow,
    Platform,
    Provenance,
    Support,
    Text,
)
from assistant.errors import CorpusInvalid

STRICT_FIELD_SUFFIX: Final = ".strict_version_match"
"""The conflict field settled per decision (annotate.py), not per row."""

Row = TypeVar("Row", bound=BaseModel)
Messages = Mapping[str, Text]


def fill(messages: Messages, key: str, **params: Text | str) -> Text:
    """A message with its placeholders filled in both languages (the reasoner's `msg` needs a
    context the loader does not have yet)."""
    template = messages[key]

    def one(language: str) -> str:
        values = {
            k: (v.ko if language == "ko" else v.en) if isinstance(v, Text) else v
            for k, v in params.items()
        }
        return (template.ko if language == "ko" else template.en).format(**values)

    return Text(en=one("en"), ko=one("ko"))


def conflict_text(messages: Messages, conflict: Conflict) -> Text:
    """ "Sources disagree: A; B" in both languages."""
    sep = messages["group_sep"]
    claims = Text(
        en=sep.en.join(c.text.en for c in conflict.claims),
        ko=sep.ko.join(c.text.ko for c in conflict.claims),
    )
    return fill(messages, "sources_conflict", claims=claims)


# --- the whole tables -------------------------------------------------------------------------


def resolve_rows(
    rows: dict[str, Row], label: str, messages: Messages, windows_servers: list[str]
) -> dict[str, Row]:
    """Every row of one table with its previews, conflicts and host lists resolved; raises
    CorpusInvalid naming the file and the row when a conflict names a field the row lacks."""
    out: dict[str, Row] = {}
    for key, row in rows.items():
        try:
            resolved: BaseModel = row
            if isinstance(resolved, MatrixRow):
                resolved = _previews(resolved, messages)
            if isinstance(resolved, Platform):
                resolved = _exclusive(resolved, windows_servers)
            if isinstance(resolved, Provenance):
                for conflict in resolved.conflicts:
                    resolved = _apply(resolved, conflict, messages)
        except ValueError as exc:
            raise CorpusInvalid(f"{label}: row '{key}': {exc}") from None
        out[key] = resolved  # type: ignore[assignment]  # same model class as `row`
    return out


def _previews(row: MatrixRow, messages: Messages) -> MatrixRow:
    def cell(c: Cell) -> Cell:
        if not c.preview or c.status not in ("yes", "conditional"):
            return c
        condition = c.condition or fill(messages, "preview_note")
        return c.model_copy(update={"status": "conditional", "condition": condition})

    return row.model_copy(update={"process": cell(row.process), "hyperv": cell(row.hyperv)})


def _exclusive(platform: Platform, windows_servers: list[str]) -> Platform:
    changed = {}
    for os_name, support in platform.os.items():
        if support.hosts is None or support.hosts_exclusive:
            continue
        listed = {o.version for o in support.hosts}
        extra = [HostOffer(version=v, status="unconfirmed") for v in windows_servers]
        hosts = support.hosts + [o for o in extra if o.version not in listed]
        changed[os_name] = support.model_copy(update={"hosts": hosts})
    if not changed:
        return platform
    return platform.model_copy(update={"os": {**platform.os, **changed}})


# --- one conflict -----------------------------------------------------------------------------


def _apply(row: Row, conflict: Conflict, messages: Messages) -> Row:
    path = conflict.field.split(".")
    current = _lookup(row, path)
    if conflict.resolution == "prefer":
        assert conflict.prefer is not None
        wanted = conflict.claims[conflict.prefer].value
        if _as_text(current) != wanted:
            raise ValueError(
                f"conflict on '{conflict.field}' prefers '{wanted}' but the row says "
                f"'{_as_text(current)}'"
            )
        return row  # the row's value stands; the other claim is still cited (annotate.py)
    text = conflict_text(messages, conflict)
    if isinstance(row, MatrixRow) and path in (["process"], ["hyperv"]):
        cell = row.cell(path[0])  # type: ignore[arg-type]  # checked just above
        update: dict[str, Any] = {"status": conflict.resolution, "preview": False}
        update["reason" if conflict.resolution == "unknown" else "condition"] = text
        return row.model_copy(update={path[0]: cell.model_copy(update=update)})
    if len(path) == 3 and path[0] == "os" and path[2] == "status":
        return _replace_os(row, path[1], lambda s: _status(s, conflict, text))
    if len(path) == 4 and path[0] == "os" and path[2] == "isolation" and isinstance(row, Host):
        if conflict.resolution != "conditional":
            raise ValueError(
                f"conflict on '{conflict.field}': only resolution 'conditional' is supported "
                "for an isolation mode (an unknown mode would read as 'not offered')"
            )
        return _replace_os(row, path[1], lambda s: _mode(s, path[3], text))
    if len(path) == 3 and path[0] == "os" and conflict.field.endswith(STRICT_FIELD_SUFFIX):
        if not isinstance(row, Platform):
            raise ValueError(f"conflict on '{conflict.field}': only platforms have this field")
        # The looser claim lets the matrix decide; annotate.py adds the conflict to any verdict
        # that rests on an image of another Windows version than the node's.
        return _replace_os(
            row, path[1], lambda s: s.model_copy(update={"strict_version_match": False})
        )
    raise ValueError(f"conflict on '{conflict.field}': this kind of field cannot hold a conflict")


def _lookup(row: BaseModel, path: list[str]) -> object:
    value: object = row
    for part in path:
        if isinstance(value, BaseModel) and part in type(value).model_fields:
            value = getattr(value, part)
        elif isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part in value:
            value = True  # "isolation.process": the mode is listed
        elif isinstance(value, list):
            value = False
        else:
            raise ValueError(f"conflict names field '{'.'.join(path)}', which the row lacks")
    return value


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, BaseModel) and hasattr(value, "status"):
        return str(value.status)
    return str(value)


def _replace_os(row: Row, os_name: str, change: Callable[[Any], Any]) -> Row:
    os_map = getattr(row, "os", None)
    if not isinstance(os_map, dict) or os_name not in os_map:
        raise ValueError(f"conflict names os '{os_name}', which the row lacks")
    return row.model_copy(update={"os": {**os_map, os_name: change(os_map[os_name])}})


def _status(support: Support, conflict: Conflict, text: Text) -> Support:
    if conflict.resolution == "unknown":
        return support.model_copy(update={"status": "unknown", "reason": text, "conditions": []})
    return support.model_copy(
        update={"status": "conditional", "conditions": [*support.conditions, text]}
    )


def _mode(support: Any, mode: str, text: Text) -> Any:
    isolation = list(support.isolation or [])
    if mode not in isolation:
        isolation.append(mode)
    conditions = dict(support.mode_conditions)
    conditions[mode] = [*conditions.get(mode, []), text]
    return support.model_copy(update={"isolation": isolation, "mode_conditions": conditions})


def windows_server_versions(hosts: Mapping[str, Host]) -> list[str]:
    """The specific Windows Server versions (not groups), in table order."""
    return [hid for hid, h in hosts.items() if h.kind == WINDOWS_SERVER and not h.group]
