"""Typed rows of `corpus/compat/features.yaml`: what a platform, host or image can do in detail.

A question often asks about one capability of a platform — a network mode, a volume type, a
securityContext field, a node-pool rule — not whether the platform runs Windows containers at all.
The platform's generic verdict must not answer it. These rows hold such facts, with aliases in
English and Korean so the extractor recognises the feature, and the reasoner combines them with
the base verdict. A feature named in a question but absent here makes the verdict `unknown`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from assistant.compat.schema import _SLUG, Aliases, FactRow, OsName, Strict, Support, Text


class FeatureName(Strict):
    """A capability or constraint people ask about, and the words they use for it."""

    id: str = Field(pattern=_SLUG)
    name: Text
    aliases: Aliases
    """Surface forms, matched case-insensitively as whole words (Korean: with particles)."""


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
        for fact in self.facts:
            if fact.feature not in known:
                raise ValueError(f"row '{fact.id}': unknown feature '{fact.feature}'")
        return self


def load_feature_table(path: Path) -> FeatureTable:
    """Read `features.yaml` (with the tables' YAML rules: `yes`/`no` are statuses, not booleans),
    or fail with the file and the first problem."""
    from assistant.compat.tables import SOURCE_DIR, _explain, _read
    from assistant.errors import CorpusInvalid

    if not path.is_file():
        raise CorpusInvalid(f"{SOURCE_DIR}/{path.name}: missing")
    try:
        return FeatureTable.model_validate(_read(path))
    except ValidationError as exc:
        raise CorpusInvalid(f"{SOURCE_DIR}/{path.name}: {_explain(exc)}") from None
