"""Load `corpus/compat/*.yaml` into typed tables, or fail with the file, the row and the reason.

Each table file has a `rows:` list (other top-level keys such as `urls:` and `texts:` only hold
YAML anchors). The lexicon and the messages are data too, but not facts, so they carry no sources.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

from assistant.compat.dating import bad_placeholder
from assistant.compat.feature_schema import FeatureTable
from assistant.compat.lexicon_schema import LexiconFile
from assistant.compat.messages import MESSAGE_KEYS
from assistant.compat.reading.schema import ReadingVocabulary
from assistant.compat.resolve import resolve_rows, windows_server_versions
from assistant.compat.row_aliases import with_row_aliases
from assistant.compat.runtimes import Runtime
from assistant.compat.schema import (
    OS_NAMES,
    WINDOWS_SERVER,
    ArchName,
    BaseImage,
    Edition,
    FactRow,
    Host,
    IsolationMode,
    MatrixRow,
    Platform,
    Text,
    Workload,
)
from assistant.errors import CorpusInvalid

SOURCE_DIR = "corpus/compat"
"""How evidence names a table file, wherever the tables were loaded from."""

TABLE_FILES = {
    "platforms": "platforms.yaml",
    "workloads": "workloads.yaml",
    "base_images": "base_images.yaml",
    "hosts": "hosts.yaml",
    "editions": "editions.yaml",
    "matrix": "matrix.yaml",
    "runtimes": "runtimes.yaml",
}
LEXICON_FILE = "lexicon.yaml"
MESSAGES_FILE = "messages.yaml"
READING_FILE = "reading.yaml"
FEATURES_FILE = "features.yaml"
WAIVERS_FILE = "mining_waivers.yaml"
"""Not read by the service: the list of restrictive note sentences that need no feature row."""
ALL_FILES = {
    *TABLE_FILES.values(),
    LEXICON_FILE,
    MESSAGES_FILE,
    READING_FILE,
    FEATURES_FILE,
    WAIVERS_FILE,
}
_ALLOWED_TOP_KEYS = {"rows", "urls", "texts"}

Row = TypeVar("Row", bound=BaseModel)


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads `yes`/`no` as booleans; in these tables they are statuses."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Tables:
    """Everything the reasoner and the extractor read, validated and cross-checked."""

    platforms: dict[str, Platform]
    workloads: dict[str, Workload]
    base_images: dict[str, BaseImage]
    hosts: dict[str, Host]
    editions: dict[str, Edition]
    matrix: dict[tuple[str, str], MatrixRow]
    runtimes: dict[str, Runtime]
    """Runtime lifecycles (.NET): "the current LTS" is computed from these and a date."""
    lexicon: LexiconFile
    messages: dict[str, Text]
    """Exactly the keys of `assistant.compat.messages.MessageKey`: checked at load."""
    reading: ReadingVocabulary
    features: FeatureTable
    version: str

    def source(self, table: str) -> str:
        return f"{SOURCE_DIR}/{TABLE_FILES[table]}"

    def fact_rows(self) -> dict[str, Mapping[str, FactRow]]:
        """The tables whose rows each state one fact with a summary (all but the matrix, whose
        cells are summarised by the reasoner), by table name in TABLE_FILES order."""
        return {
            "platforms": self.platforms,
            "workloads": self.workloads,
            "base_images": self.base_images,
            "hosts": self.hosts,
            "editions": self.editions,
            "runtimes": self.runtimes,
        }


def load_tables(compat_dir: Path) -> Tables:
    if not compat_dir.is_dir():
        raise CorpusInvalid(f"{_display(compat_dir)}: compatibility tables folder not found")
    present = {p.name for p in compat_dir.glob("*.yaml")} | {
        p.name for p in compat_dir.glob("*.yml")
    }
    for name in sorted(present - ALL_FILES):
        raise CorpusInvalid(f"{SOURCE_DIR}/{name}: not a known table file ({sorted(ALL_FILES)})")
    for name in sorted(ALL_FILES - present):
        raise CorpusInvalid(f"{SOURCE_DIR}/{name}: missing")

    raw = {name: _read(compat_dir / name) for name in sorted(ALL_FILES)}
    messages = _messages(raw[MESSAGES_FILE])
    hosts = _rows(raw, "hosts", Host, messages=messages)
    servers = windows_server_versions(hosts)
    platforms = _rows(raw, "platforms", Platform, messages=messages, servers=servers)
    workloads = _rows(raw, "workloads", Workload, messages=messages)
    base_images = _rows(raw, "base_images", BaseImage, messages=messages)
    editions = _rows(raw, "editions", Edition, messages=messages)
    matrix_rows = _rows(
        raw, "matrix", MatrixRow, key=lambda row: row.id, messages=messages, servers=servers
    )
    runtimes = _rows(raw, "runtimes", Runtime, messages=messages)
    lexicon = _single(LEXICON_FILE, raw[LEXICON_FILE], LexiconFile)

    tables = Tables(
        platforms=platforms,
        workloads=workloads,
        base_images=base_images,
        hosts=hosts,
        editions=editions,
        matrix={(row.host, row.image): row for row in matrix_rows.values()},
        runtimes=runtimes,
        lexicon=with_row_aliases(lexicon, platforms, workloads, base_images, hosts, editions),
        messages=messages,
        reading=_single(READING_FILE, raw[READING_FILE], ReadingVocabulary),
        features=_single(FEATURES_FILE, raw[FEATURES_FILE], FeatureTable),
        version=_content_hash(compat_dir),
    )
    _check_references(tables)
    return tables


# --- reading ----------------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise CorpusInvalid(
            f"{SOURCE_DIR}/{path.name}: not valid YAML ({_first_line(exc)})"
        ) from None
    if not isinstance(data, dict):
        raise CorpusInvalid(f"{SOURCE_DIR}/{path.name}: expected a mapping at the top")
    return data


def _rows(
    raw: dict[str, dict[str, Any]],
    table: str,
    model: type[Row],
    key: Callable[[Row], str] = lambda row: str(getattr(row, "id")),  # noqa: B009
    *,
    messages: Mapping[str, Text],
    servers: list[str] | None = None,
) -> dict[str, Row]:
    """The rows as the reasoner reads them: validated, then resolved (previews, conflicts,
    non-exclusive host lists: `assistant.compat.resolve`)."""
    name = TABLE_FILES[table]
    data = raw[name]
    unexpected = set(data) - _ALLOWED_TOP_KEYS
    if unexpected:
        raise CorpusInvalid(
            f"{SOURCE_DIR}/{name}: unexpected top-level key(s) {sorted(unexpected)}"
        )
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise CorpusInvalid(f"{SOURCE_DIR}/{name}: 'rows' must be a non-empty list")
    parsed: dict[str, Row] = {}
    for index, item in enumerate(rows):
        label = _row_label(item, index)
        try:
            row = model.model_validate(item)
        except ValidationError as exc:
            raise CorpusInvalid(f"{SOURCE_DIR}/{name}: row {label}: {_explain(exc)}") from None
        row_key = key(row)
        if row_key in parsed:
            raise CorpusInvalid(f"{SOURCE_DIR}/{name}: row {label}: duplicate id '{row_key}'")
        parsed[row_key] = row
    return resolve_rows(parsed, f"{SOURCE_DIR}/{name}", messages, servers or [])


def _single(name: str, data: dict[str, Any], model: type[Row]) -> Row:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CorpusInvalid(f"{SOURCE_DIR}/{name}: {_explain(exc)}") from None


def _messages(data: dict[str, Any]) -> dict[str, Text]:
    messages = data.get("messages")
    if not isinstance(messages, dict):
        raise CorpusInvalid(f"{SOURCE_DIR}/{MESSAGES_FILE}: 'messages' must be a mapping")
    parsed: dict[str, Text] = {}
    for key, value in messages.items():
        try:
            parsed[str(key)] = Text.model_validate(value)
        except ValidationError as exc:
            raise CorpusInvalid(
                f"{SOURCE_DIR}/{MESSAGES_FILE}: message '{key}': {_explain(exc)}"
            ) from None
    for key in sorted(MESSAGE_KEYS - set(parsed)):
        raise CorpusInvalid(f"{SOURCE_DIR}/{MESSAGES_FILE}: message '{key}' is missing")
    for key in sorted(set(parsed) - MESSAGE_KEYS):
        raise CorpusInvalid(
            f"{SOURCE_DIR}/{MESSAGES_FILE}: message '{key}' is not used by the code "
            "(remove it, or add it to MessageKey in assistant/compat/messages.py and use it)"
        )
    return parsed


def _row_label(item: object, index: int) -> str:
    if isinstance(item, dict):
        if "id" in item:
            return f"'{item['id']}'"
        if "host" in item and "image" in item:
            return f"'{item['host']}-{item['image']}'"
    return f"#{index + 1}"


def _explain(exc: ValidationError) -> str:
    """The first problem, worded for a person editing YAML: "unknown os 'win'"."""
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    value = error.get("input")
    field = next(
        (
            part
            for part in reversed(loc)
            if part != "[key]" and part != str(value) and not part.isdigit()
        ),
        "value",
    )
    if error["type"] in {"literal_error", "enum"}:
        return f"unknown {field} '{value}'"
    where = ".".join(loc)
    if error["type"] == "missing":
        return f"missing field '{where}'"
    if error["type"] == "extra_forbidden":
        return f"unexpected field '{where}'"
    return f"{where}: {error['msg']}"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _display(path: Path) -> str:
    return path.as_posix()


def _content_hash(compat_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in sorted(ALL_FILES):
        digest.update(name.encode())
        digest.update((compat_dir / name).read_bytes())
    return digest.hexdigest()[:12]


# --- cross-references -------------------------------------------------------------------------


def _check_references(t: Tables) -> None:
    families = {family.id for family in t.lexicon.families}
    specific_hosts = {hid for hid, host in t.hosts.items() if not host.group}
    windows_versions = {
        hid for hid, host in t.hosts.items() if host.kind == WINDOWS_SERVER and not host.group
    }

    def fail(table: str, row: str, message: str) -> None:
        raise CorpusInvalid(f"{t.source(table)}: row '{row}': {message}")

    for pid, platform in t.platforms.items():
        for family in platform.families:
            if family not in families:
                fail("platforms", pid, f"unknown family '{family}' (add it to {LEXICON_FILE})")
        for other in platform.see_also:
            if other not in t.platforms:
                fail("platforms", pid, f"unknown platform '{other}' in see_also")
        for host in platform.runs_on or []:
            if host not in t.hosts:
                fail("platforms", pid, f"unknown host '{host}' in runs_on")
        for platform_os in platform.os.values():
            for offer in platform_os.hosts or []:
                if offer.version not in specific_hosts:
                    fail("platforms", pid, f"unknown host version '{offer.version}'")
    for wid, workload in t.workloads.items():
        for workload_os in workload.os.values():
            for image in workload_os.base_images or []:
                if image not in t.base_images:
                    fail("workloads", wid, f"unknown base image '{image}'")
    for bid, base in t.base_images.items():
        if base.based_on is not None and base.based_on not in t.base_images:
            fail("base_images", bid, f"unknown base image '{base.based_on}' in based_on")
        for version in base.versions:
            if version not in windows_versions:
                fail("base_images", bid, f"unknown Windows version '{version}'")
        for capability in base.capabilities.values():
            for version in capability.by_version:
                if version not in windows_versions:
                    fail("base_images", bid, f"unknown Windows version '{version}'")
    for hid, host_row in t.hosts.items():
        for member in host_row.group:
            if member not in specific_hosts:
                fail("hosts", hid, f"unknown host '{member}' in group")
    for eid, edition in t.editions.items():
        for host in edition.applies_to:
            if host not in t.hosts:
                fail("editions", eid, f"unknown host '{host}' in applies_to")
    for table, rows in [*t.fact_rows().items(), ("matrix", {r.id: r for r in t.matrix.values()})]:
        for row_id, fact_row in rows.items():
            problem = bad_placeholder(fact_row, t.hosts, t.runtimes)
            if problem is not None:
                fail(table, row_id, problem)
            for conflict in fact_row.conflicts:
                for claim in conflict.claims:
                    for source in claim.sources:
                        if source not in fact_row.sources:
                            fail(
                                table,
                                row_id,
                                f"claim source '{source}' is not in the row's sources",
                            )
    for (host, image), row in t.matrix.items():
        if host not in specific_hosts:
            fail("matrix", row.id, f"unknown host '{host}'")
        if image not in windows_versions:
            fail("matrix", row.id, f"unknown image version '{image}'")
    _check_lexicon(t, families, windows_versions)


def _check_lexicon(t: Tables, families: set[str], windows_versions: set[str]) -> None:
    known: dict[str, set[str]] = {
        "platform": set(t.platforms),
        "family": families,
        "workload": set(t.workloads),
        "base_image": set(t.base_images),
        "windows_version": windows_versions,
        "host": set(t.hosts),
        "edition": set(t.editions),
        "isolation": set(get_args(IsolationMode)),
        "arch": set(get_args(ArchName)),
        "container_os": set(OS_NAMES),
        "os_word": set(t.hosts),
    }
    for entry in t.lexicon.entities:
        refs = [(entry.type, entry.id)] + [(implied.type, implied.id) for implied in entry.also]
        for kind, ref_id in refs:
            if kind != "generic" and ref_id not in known[kind]:
                raise CorpusInvalid(
                    f"{SOURCE_DIR}/{LEXICON_FILE}: entry '{entry.id}': unknown {kind} '{ref_id}'"
                )
