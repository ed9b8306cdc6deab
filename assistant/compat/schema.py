"""Typed rows of the compatibility tables in `corpus/compat/*.yaml`.

Every fact row carries `sources` (URLs, or a corpus path for the seed document) and a `checked`
date. Cross-references between tables (a platform's host versions, a workload's base images) are
checked after the rows parse, so a typo fails at load time with the file and the row.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.models import Language

Status = Literal["yes", "no", "conditional", "unknown"]
OsName = Literal["linux", "windows"]
IsolationMode = Literal["process", "hyperv"]
ArchName = Literal["amd64", "arm64", "arm32"]
Capability = Literal["dotnet-framework", "iis", "powershell", "wow64", "gpu", "dotnet"]
CapabilityStatus = Literal["yes", "no", "unknown"]
HostKind = Literal["windows-server", "windows-client", "windows-any", "linux", "macos"]
Basis = Literal["official-doc", "maintainer", "release-notes", "inferred", "seed", "third-party"]
"""What a row rests on: a vendor's documentation page (the default), a maintainer's statement in
an issue tracker, release notes, an inference from other facts, the seed document only, or
third-party pages. Anything but official-doc is named in the answer and by `berth corpus check`."""
Resolution = Literal["unknown", "conditional", "prefer"]

# The schema's own vocabulary, named once: code says WINDOWS, never the bare string.
LINUX: Final[OsName] = "linux"
WINDOWS: Final[OsName] = "windows"
OS_NAMES: Final[tuple[OsName, ...]] = get_args(OsName)
"""Container OSes in the order a question is checked (Linux first)."""
ISOLATION_MODES: Final[tuple[IsolationMode, ...]] = get_args(IsolationMode)
"""Isolation modes in the order they are listed (process first, the Windows Server default)."""
WINDOWS_SERVER: Final[HostKind] = "windows-server"
WINDOWS_CLIENT: Final[HostKind] = "windows-client"
WINDOWS_ANY: Final[HostKind] = "windows-any"
"""The generic Windows host: any Windows machine, server or client."""
LINUX_HOST: Final[HostKind] = "linux"
MACOS_HOST: Final[HostKind] = "macos"
_NATIVE_OS: Final[dict[HostKind, OsName | None]] = {
    WINDOWS_SERVER: WINDOWS,
    WINDOWS_CLIENT: WINDOWS,
    WINDOWS_ANY: WINDOWS,
    LINUX_HOST: LINUX,
    MACOS_HOST: None,
}

_SLUG = r"^[a-z0-9][a-z0-9\-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """One piece of user-facing text in both answer languages."""

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def get(self, language: Language) -> str:
        return self.ko if language == "ko" else self.en


class Aliases(Strict):
    en: list[str] = Field(default_factory=list)
    ko: list[str] = Field(default_factory=list)


class Claim(Strict):
    """What one source says about a field, when sources disagree."""

    value: str
    """The value this source gives the field ("yes", "no", "true", "false", a status)."""
    text: Text
    """What the source says, one sentence."""
    sources: list[str] = Field(min_length=1)


class Conflict(Strict):
    """Two (or more) sources that disagree on one field of a row. The verdict then says so
    instead of picking one silently: `unknown` (default) or `conditional` when following the
    stricter claim is safe; `prefer` keeps the row's value and still names the other claim."""

    field: str = Field(min_length=1)
    """Dotted path inside the row: "process", "os.linux.status", "os.windows.isolation.process",
    "os.windows.strict_version_match"."""
    claims: list[Claim] = Field(min_length=2)
    resolution: Resolution = "unknown"
    prefer: int | None = None
    """Index into claims when resolution == "prefer"."""

    @model_validator(mode="after")
    def _prefer_names_a_claim(self) -> Conflict:
        if self.resolution == "prefer" and (
            self.prefer is None or not 0 <= self.prefer < len(self.claims)
        ):
            raise ValueError("resolution 'prefer' needs 'prefer', the index of a claim")
        if self.resolution != "prefer" and self.prefer is not None:
            raise ValueError("'prefer' is only for resolution 'prefer'")
        return self


class Provenance(Strict):
    """What every fact row (and matrix row) says about its own evidence and age."""

    sources: list[str] = Field(default_factory=list)
    checked: date
    basis: Basis = "official-doc"
    review_days: int | None = Field(default=None, ge=1)
    """Overrides the default review window (settings.compat_review_days) for fast-moving rows."""
    conflicts: list[Conflict] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _sources_are_links(cls, sources: list[str]) -> list[str]:
        for source in sources:
            if not (source.startswith("https://") or source.startswith("corpus/")):
                raise ValueError(f"source '{source}' is neither an https URL nor a corpus path")
        return sources


class FactRow(Provenance):
    """Fields every fact row has: an id, a summary for citations, sources and a checked date."""

    id: str = Field(pattern=_SLUG)
    summary: Text

    @model_validator(mode="after")
    def _facts_have_sources(self) -> FactRow:
        if not self.sources and self.states_facts():
            raise ValueError("a row that states facts needs at least one source")
        return self

    def states_facts(self) -> bool:
        """A row may only lack sources when it states nothing (the tables say 'unknown')."""
        return True


class NamedRow(FactRow):
    name: Text
    aliases: Aliases | None = None
    """Optional extra aliases: a new row can bring its own names without touching the lexicon."""


class ArchEntry(Strict):
    """An architecture a platform, host or image offers, optionally only under a condition."""

    arch: ArchName
    condition: Text | None = None


class Support(Strict):
    """Whether something runs, why, and what must hold for it."""

    status: Status
    reason: Text | None = None
    conditions: list[Text] = Field(default_factory=list)
    alternatives: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _yes_has_no_conditions(self) -> Support:
        # A yes with conditions is a conditional; keep the two apart so verdicts stay honest.
        if self.status == "yes" and self.conditions:
            raise ValueError("status 'yes' cannot have conditions (use 'conditional')")
        return self


# --- platforms --------------------------------------------------------------------------------


class HostOffer(Strict):
    """A Windows version a platform offers as node/host OS."""

    version: str
    status: Literal["yes", "no", "unconfirmed"] = "yes"
    retired: date | None = None
    """From this date the platform no longer supports the version."""
    until: date | None = None
    """Supported, but support ends on this date; from then on the offer counts as retired
    (`assistant.compat.dated.as_of`)."""
    note: Text | None = None
    min_version: str | None = None
    """The platform's own version from which this host version is offered (OpenShift 4.22)."""
    ends_before: str | None = None
    """The platform's own version from which this host version is no longer offered (AKS:
    Windows Server 2022 not on Kubernetes 1.37 and later)."""
    min_build: str | None = None
    """The lowest build of this host version that is supported ("19045")."""


class PlatformOs(Support):
    since: str | None = None
    """The platform's first version (its `version_kind`) that runs this OS's nodes ("OCP 4.11"
    for Windows nodes on OpenShift on Azure); None: the tables hold no bound."""
    hosts: list[HostOffer] | None = None
    """Windows versions the platform offers; None: any Windows host in the hosts table."""
    hosts_exclusive: bool = True
    """Whether `hosts` is the vendor's whole list ("any unlisted version is NOT supported":
    absent = no) or only a tested list (absent = unconfirmed, i.e. unknown)."""
    isolation: list[IsolationMode] | None = None
    """Isolation modes offered for Windows containers; None: the tables do not say."""
    isolation_note: Text | None = None
    mode_conditions: dict[IsolationMode, list[Text]] = Field(default_factory=dict)
    """What must hold when a particular isolation mode is used."""
    strict_version_match: bool = False
    """The platform only supports images of exactly the node's Windows version."""
    strict_note: Text | None = None
    arch: list[ArchEntry] | None = None
    """Architectures offered; None: the tables do not say."""


class Platform(NamedRow):
    vendor: str = Field(pattern=_SLUG)
    families: list[str] = Field(default_factory=list)
    see_also: list[str] = Field(default_factory=list)
    runs_on: list[str] | None = None
    """Host OSes the platform software itself installs on (Docker Desktop); None: managed."""
    runs_on_note: Text | None = None
    runs_on_from: dict[str, str] = Field(default_factory=dict)
    """The first feature update of a `runs_on` host it installs on (Docker Desktop: Windows 10
    22H2, Windows 11 23H2); an older stated update gets "no"."""
    version_kind: str | None = None
    """What the platform's own version is a version of (reading.yaml `versions.kinds`): AKS's
    is a Kubernetes version, OpenShift's its own. Host offers' `min_version` is of this kind."""
    os: dict[OsName, PlatformOs]
    notes: list[Text] = Field(default_factory=list)
    max_image_gb: float | None = None
    """The largest container image the platform accepts, in GB (AWS Lambda: 10)."""


# --- workloads --------------------------------------------------------------------------------


class WorkloadOs(Support):
    """`conditions` here are about choosing a base image; they are dropped when the question
    names a base image, whose capabilities are then checked against `needs` instead."""

    needs: list[Capability] = Field(default_factory=list)
    """Capabilities the base image must provide."""
    base_images: list[str] | None = None
    """Base images that provide what the workload needs (for alternatives)."""
    arch: list[ArchEntry] | None = None


class Workload(NamedRow):
    os: dict[OsName, WorkloadOs] = Field(default_factory=dict)
    """A missing OS means the tables do not say whether the workload runs there."""
    alternatives: list[Text] = Field(default_factory=list)
    """What to do when the workload's OS is what blocks it (e.g. port to .NET 8)."""
    host_only: list[HostKind] | None = None
    """A host feature (rootless Docker): it works only on these kinds of host."""
    host_only_reason: Text | None = None
    per_platform: bool = False
    """Whether a platform offers it (GPU hardware) is a fact of each platform, which the tables
    do not hold: asked of a platform, the verdict is `unknown`, never the platform's generic one."""

    def states_facts(self) -> bool:
        return bool(self.os)


# --- base images ------------------------------------------------------------------------------


class CapabilityFact(Strict):
    status: CapabilityStatus
    reason: Text | None = None
    by_version: dict[str, CapabilityStatus] = Field(default_factory=dict)
    """Overrides for particular Windows versions of the image."""


class ImageVersion(Strict):
    status: CapabilityStatus = "yes"
    tags: list[str] = Field(default_factory=list)
    note: Text | None = None


class BaseImage(NamedRow):
    os: list[OsName] = Field(min_length=1)
    repository: str | None = None
    based_on: str | None = None
    capabilities: dict[Capability, CapabilityFact] = Field(default_factory=dict)
    versions: dict[str, ImageVersion] = Field(default_factory=dict)
    """Windows versions the image is published for; a missing version is not known."""
    arch: dict[OsName, list[ArchEntry]] = Field(default_factory=dict)
    host_note: Text | None = None


# --- hosts, editions, version matrix ----------------------------------------------------------


class HostOs(Support):
    isolation: list[IsolationMode] | None = None
    default_isolation: IsolationMode | None = None
    mode_conditions: dict[IsolationMode, list[Text]] = Field(default_factory=dict)
    arch: list[ArchEntry] | None = None


class Host(NamedRow):
    kind: HostKind
    group: list[str] = Field(default_factory=list)
    """A generic host ('Windows Server') stands for these specific hosts."""
    build: str | None = None
    tags: list[str] = Field(default_factory=list)
    """Image tags of this Windows version (server versions only)."""
    channel: str | None = None
    released: date | None = None
    mainstream_end: date | None = None
    extended_end: date | None = None
    os: dict[OsName, HostOs]

    @property
    def native_os(self) -> OsName | None:
        """The container OS the host runs without a VM: Windows on every Windows kind, Linux on
        Linux, none on macOS."""
        return _NATIVE_OS[self.kind]


class Edition(NamedRow):
    applies_to: list[str]
    os: dict[OsName, Support] = Field(default_factory=dict)
    isolation: dict[IsolationMode, Support] = Field(default_factory=dict)
    max_containers: dict[IsolationMode, int] = Field(default_factory=dict)
    """How many containers of an isolation mode the edition's licence allows at once
    (Windows Server Standard: 2 Hyper-V-isolated); a mode not listed has no cap."""


class Cell(Strict):
    status: Status
    condition: Text | None = None
    reason: Text | None = None
    preview: bool = False
    """Documented by the vendor as a preview: it runs, but the verdict is at best conditional
    (a `yes` is normalised to `conditional` at load, with the preview as its condition)."""


class MatrixRow(Provenance):
    host: str
    image: str
    process: Cell
    hyperv: Cell
    note: Text | None = None
    host_from: str | None = Field(default=None, pattern=r"^\d{2}H[12]$")
    """The host's first feature update the row holds for ("24H2"): a stated older update of
    that host does not run the image, a newer one meets the row's condition."""
    sources: list[str] = Field(min_length=1)

    @field_validator("process", "hyperv", mode="before")
    @classmethod
    def _short_cell(cls, value: object) -> object:
        # `process: yes` in YAML is a bool; a bare status reads more easily than a mapping.
        if value is True:
            return {"status": "yes"}
        if value is False:
            return {"status": "no"}
        if isinstance(value, str):
            return {"status": value}
        return value

    @property
    def id(self) -> str:
        return f"{self.host}-{self.image}"

    def cell(self, mode: IsolationMode) -> Cell:
        return self.process if mode == "process" else self.hyperv
