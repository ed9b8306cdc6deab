"""Names inside a feature's own name: part of the feature, not slots of the question.

"a cluster without Linux nodes", "Linux capabilities" asked of Windows pods, "Docker Desktop's
Hyper-V backend", "OVN-Kubernetes on OpenShift": the OS, isolation mode or place a feature name
holds is not an exclusion, a second container OS or a place asked about — unless the feature's
rows are about that very OS or place ("Windows Update" on Windows nodes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.compat.feature_schema import FeatureTable
from assistant.compat.lexicon import Mention
from assistant.compat.reading.implied import OS_TYPES, os_of

Hit = tuple[int, int, str]
"""(start, end, feature id) of a feature name in the question."""


@dataclass(frozen=True)
class InnerNames:
    families: dict[str, list[str]]
    oses: dict[str, set[str]] = field(default_factory=dict)
    """Per feature: the container OSes its rows are about."""
    places: dict[str, set[str]] = field(default_factory=dict)
    """Per feature: the platforms its rows are about."""

    @classmethod
    def build(cls, features: FeatureTable, families: dict[str, list[str]]) -> InnerNames:
        inner = cls(families)
        for fact in features.facts:
            if fact.applies_to.container_os:
                inner.oses.setdefault(fact.feature, set()).add(fact.applies_to.container_os)
            inner.places.setdefault(fact.feature, set()).update(fact.applies_to.platforms)
        return inner

    def inside(self, mention: Mention, hits: list[Hit]) -> bool:
        within = [(s, e, f) for s, e, f in hits if s <= mention.start and mention.end <= e]
        if mention.ref.type == "isolation":
            # "Hyper-V 백엔드로 설치해서": Docker Desktop's backend, not the isolation mode.
            return bool(within)
        if mention.ref.type in ("platform", "family"):
            members = {mention.ref.id, *self.families.get(mention.ref.id, [])}
            return any(
                (s, e) != (mention.start, mention.end) and not members & self.places.get(f, set())
                for s, e, f in within
            )
        if mention.ref.type not in OS_TYPES:
            return False
        named = os_of(mention.ref.id)
        return any(named not in self.oses.get(f, set()) for _, _, f in within)
