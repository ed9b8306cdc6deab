"""Typed rows of `corpus/compat/features.yaml`: what a platform, host or image can do in detail.

A question often asks about one capability of a platform — a network mode, a volume type, a
securityContext field, a node-pool rule — not whether the platform runs Windows containers at all.
The platform's generic verdict must not answer it. These rows hold such facts, with aliases in
English and Korean so the extractor recognises the feature, and the reasoner combines them with
the base verdict. A feature named in a question but absent here makes the verdict `unknown`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError, model_validator

from assistant.compat.schema import _SLUG, Aliases, FactRow, OsName, Strict, Support, Text


class FeatureName(Strict):
    """A capability or constraint people ask about, and the words they use for it."""

    id: str = Field(pattern=_SLUG)
    name: Text
    aliases: Aliases
    """Surface forms, matched case-insensitively as whole words (Korean: with particles)."""
    both_os: bool = False
    """The feature is about Linux and Windows containers together ("at the same time"): a
    question naming both OSes asks about it, and the two names are not a conflict."""
    two_versions: bool = False
    """The feature is a change from one Windows version to another (an in-place upgrade): the
    two versions named with it are its from and to, not two hosts to choose between."""
    several_archs: bool = False
    """The feature is about images of several CPU architectures (a manifest list): the
    architectures named with it are its variants, not an image and a host that disagree."""
    any_image_version: bool = False
    """Containers of this kind need not match the node's Windows version (HostProcess
    containers): a host and image version named with it do not decide by the version matrix."""
    no_nodes_of: OsName | None = None
    """The feature is a cluster with no nodes of this OS: a question that rules the OS's
    nodes out ("with no Linux node pool at all", "only Windows pools") asks about it."""
    kind_of: str | None = Field(default=None, pattern=_SLUG)
    """The broader feature this one is a choice of (OpenShift SDN: a CNI plugin): "the network
    plugin" asked about after "we are on OpenShiftSDN" means that one."""


class AppliesTo(Strict):
    """What the fact is about. Every listed field must match the question; ids are table ids
    (a platform family id such as `gke` covers its members)."""

    platforms: list[str] = Field(default_factory=list)
    hosts: list[str] = Field(default_factory=list)
    base_images: list[str] = Field(default_factory=list)
    container_os: OsName | None = None

    @model_validator(mode="after")
    def _names_something(self) -> AppliesTo:
        if not (self.platforms or self.hosts or self.base_images or self.container_os):
            raise ValueError("applies_to must name a platform, host, base image or container OS")
        return self


class FeatureFact(FactRow, Support):
    """`feature` on `applies_to`: supported / not / only if (conditions), with why and sources."""

    feature: str = Field(pattern=_SLUG)
    applies_to: AppliesTo
    note: str | None = Field(
        default=None, description="The corpus note whose sentence this row encodes."
    )
    quote: str | None = Field(
        default=None, description="That sentence, verbatim: the mining coverage check finds it."
    )
    required: bool = False
    """The place needs the feature (AKS Windows Server 2025 node pools need a FIPS-enabled
    image): a question that rules it out ("without --enable-fips-image") is answered no."""
    since: dict[str, str] = Field(default_factory=dict)
    """The first version, per kind (reading.yaml `versions.kinds`: kubernetes, kernel, …), with
    which the row holds. A question that states an earlier one gets "no"; a stated version of
    a kind the row bounds is then placed, instead of leaving the verdict `unknown`."""


class FeatureTable(Strict):
    features: list[FeatureName]
    facts: list[FeatureFact]
    urls: list[str] = Field(default_factory=list)
    """YAML anchors only (as in the other tables); rows carry their own `sources`."""
    groups: list[list[str]] = Field(default_factory=list)
    """YAML anchors only: id lists several rows share (every Kubernetes platform)."""

    @model_validator(mode="after")
    def _facts_name_known_features(self) -> FeatureTable:
        known = {f.id for f in self.features}
        for feature in self.features:
            if feature.kind_of is not None and feature.kind_of not in known:
                raise ValueError(f"feature '{feature.id}': unknown kind_of '{feature.kind_of}'")
        for fact in self.facts:
            if fact.feature not in known:
                raise ValueError(f"row '{fact.id}': unknown feature '{fact.feature}'")
        return self


try:  # libyaml when present: features.yaml is long and pure-Python parsing takes seconds
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """As in the other tables, `yes`/`no` are statuses, not booleans."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_feature_table(path: Path) -> FeatureTable:
    """Read `features.yaml`, or fail with the file, the row and the first problem."""
    from assistant.compat.tables import SOURCE_DIR, _explain
    from assistant.errors import CorpusInvalid

    shown = f"{SOURCE_DIR}/{path.name}"
    if not path.is_file():
        raise CorpusInvalid(f"{shown}: missing")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise CorpusInvalid(f"{shown}: not valid YAML ({str(exc).splitlines()[0]})") from None
    try:
        return FeatureTable.model_validate(data)
    except ValidationError as exc:
        raise CorpusInvalid(f"{shown}: {_row(data, exc)}{_explain(exc)}") from None


def _row(data: object, exc: ValidationError) -> str:
    """The `row '<id>': ` prefix when the first error is inside a feature or fact row."""
    loc = exc.errors()[0]["loc"]
    if isinstance(data, dict) and len(loc) >= 2 and loc[0] in ("features", "facts"):
        rows = data.get(str(loc[0]))
        index = loc[1]
        if isinstance(rows, list) and isinstance(index, int) and index < len(rows):
            row = rows[index]
            if isinstance(row, dict) and "id" in row:
                return f"row '{row['id']}': "
    return ""
