"""The specific question over the generic one: feature facts and unplaced words refine a verdict.

The base verdict answers "does X run there at all?". When the question names a feature
(features.yaml) the matching fact decides with it; a feature the tables do not hold, or a content
word nothing placed, leaves a base "yes" or "yes, if" `unknown`: the asker gets what is missing
instead of an answer to an easier question. A base "no" stays "no": what cannot run there at
all cannot run there with a feature either.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from assistant.compat.feature_schema import FeatureFact, FeatureName
from assistant.compat.feature_verdicts import combine, unknown
from assistant.compat.host_offers import (
    before_windows,
    check_offer,
    outside_offer,
    windows_floor,
)
from assistant.compat.host_updates import (
    host_too_old,
    host_too_old_to_install,
    install_bounds,
    update_bounds,
)
from assistant.compat.messages import MessageKey
from assistant.compat.query import CompatQuery, Decision, Evidence
from assistant.compat.reading.versions import parse_version, version_of
from assistant.compat.tables import FEATURES_FILE, SOURCE_DIR, Tables
from assistant.models import Language as Lang
from assistant.models import Verdict

HYPERV = "hyperv"


@dataclass(frozen=True)
class FeatureRule:
    tables: Tables
    families: dict[str, list[str]]

    def refine(self, decision: Decision, query: CompatQuery, language: Lang) -> Decision:
        if query.conflicts:
            # Whatever the base verdict, it was computed for one of the two: neither stands.
            names = self._msg("list_sep", language).join(f"“{n}”" for n in query.conflicts)
            verdict = unknown(
                decision.verdict.model_copy(deep=True),
                self._msg("conflicting_names", language, names=names),
            )
            return Decision(verdict=verdict, evidence=list(decision.evidence))
        if decision.verdict.status == "no":
            return decision
        if query.isolation == HYPERV and HYPERV in query.excluded:
            # "--isolation=hyperv … without installing the Hyper-V role": the mode asked for
            # cannot run without what the asker rules out (notes/isolation-modes.md).
            verdict = Verdict(
                status="no",
                reasons=[self._msg("hyperv_ruled_out", language)],
                alternatives=[self._msg("alt_install_hyperv", language)],
                facts=decision.verdict.facts,
            )
            return Decision(verdict=verdict, evidence=list(decision.evidence))
        too_large = self._image_too_large(decision.verdict.model_copy(deep=True), query, language)
        if too_large is not None:
            return Decision(verdict=too_large, evidence=list(decision.evidence))
        workload = self.tables.workloads.get(query.workload or "")
        if workload is not None and workload.per_platform and query.platform:
            place = self._place_name(query, language)
            missing = self._msg(
                "feature_not_in_tables", language, place=place, feature=workload.name.get(language)
            )
            verdict = unknown(decision.verdict.model_copy(deep=True), missing)
            return Decision(verdict=verdict, evidence=list(decision.evidence))
        required = self._required_ruled_out(query, language)
        if required is not None:
            return Decision(verdict=required, evidence=list(decision.evidence))
        if not (query.features or query.unplaced or query.versions):
            return decision
        verdict = decision.verdict.model_copy(deep=True)
        evidence = list(decision.evidence)
        offer = check_offer(self.tables, self.families, query)
        placed: set[str] = set(offer.placed)
        if offer.outside is not None:
            place = self._place_name(query, language)
            verdict = outside_offer(self.tables, query, offer.outside, place, language)
            return Decision(verdict=verdict, evidence=evidence)
        floor = windows_floor(self.tables, self.families, query)
        placed |= floor.placed
        if floor.outside is not None:
            place = self._place_name(query, language)
            verdict = before_windows(
                self.tables, floor.outside, place, language, query.platform or ""
            )
            return Decision(verdict=verdict, evidence=evidence)
        installs = install_bounds(self.tables, self.families, query)
        placed |= set(installs)
        too_old_install = [(label, first) for label, first in installs.items() if first]
        if too_old_install:
            label, first = too_old_install[0]
            place = self._place_name(query, language)
            verdict = host_too_old_to_install(self.tables, query, place, label, first, language)
            return Decision(verdict=verdict, evidence=evidence)
        updates = update_bounds(self.tables, query)
        placed |= set(updates)
        too_old_host = [(label, since) for label, since in updates.items() if since is not None]
        if too_old_host:
            label, since = too_old_host[0]
            verdict = host_too_old(self.tables, query, label, since, language)
            return Decision(verdict=verdict, evidence=evidence)
        for feature_id in query.features:
            fact = self.fact(feature_id, query)
            if fact is None:
                verdict = unknown(verdict, self._missing_feature(feature_id, query, language))
                continue
            evidence.append(self._evidence(fact, language))
            verdict.facts.append(f"feature.{fact.id}")
            bounded = self._bounded(fact, query.versions)
            placed |= set(bounded)
            too_old = [(label, since) for label, since in bounded.items() if since is not None]
            if too_old:
                verdict = self._before(verdict, fact, feature_id, too_old[0], language)
                continue
            verdict = combine(verdict, fact, language)
        unbounded = [v for v in query.versions if v not in placed]
        if unbounded and verdict.status != "no":
            versions = self._msg("list_sep", language).join(unbounded)
            verdict = unknown(
                verdict, self._msg("versions_not_in_tables", language, versions=versions)
            )
        if query.unplaced and verdict.status != "no":
            words = ", ".join(f"“{w}”" for w in query.unplaced)
            verdict = unknown(verdict, self._msg("unplaced_words", language, words=words))
        return Decision(verdict=verdict, evidence=evidence)

    def _image_too_large(
        self, decision_verdict: Verdict, query: CompatQuery, language: Lang
    ) -> Verdict | None:
        """ "A 12 GB image on Lambda": larger than the platform accepts."""
        members = self.families.get(query.platform or "", [query.platform or ""])
        platforms = [self.tables.platforms[m] for m in members if m in self.tables.platforms]
        if not platforms or query.image_size_gb is None:
            return None
        caps = [p.max_image_gb for p in platforms]
        if any(cap is None for cap in caps):
            # The size was asked about; a verdict that ignores it would answer another question.
            missing = self._msg(
                "image_size_not_in_tables", language, platform=self._place_name(query, language)
            )
            return unknown(decision_verdict, missing)
        limit = max(cap for cap in caps if cap is not None)
        if query.image_size_gb <= limit:
            return None
        reason = self._msg(
            "platform_image_too_large",
            language,
            platform=self._place_name(query, language),
            limit=f"{limit:g}",
            size=f"{query.image_size_gb:g}",
        )
        return Verdict(
            status="no",
            reasons=[reason],
            alternatives=[self._msg("alt_smaller_image", language, limit=f"{limit:g}")],
            facts=[f"platform.{p.id}" for p in platforms],
        )

    def _required_ruled_out(self, query: CompatQuery, language: Lang) -> Verdict | None:
        """ "Windows Server 2025 node pools on AKS without --enable-fips-image": a feature the
        place requires, ruled out by the asker, decides no, with the row's reason."""
        for feature_id in query.ruled_out:
            fact = self.fact(feature_id, query)
            if fact is None or not fact.required:
                continue
            feature = self._feature_names[feature_id]
            reason = self._msg(
                "feature_required",
                language,
                place=self._place_name(query, language),
                feature=feature.name.get(language),
            )
            return Verdict(
                status="no",
                reasons=[reason, *([fact.reason.get(language)] if fact.reason else [])],
                alternatives=[a.get(language) for a in fact.alternatives],
                facts=[f"feature.{fact.id}"],
            )
        return None

    def _bounded(self, fact: FeatureFact, stated: list[str]) -> dict[str, str | None]:
        """Each stated version of a kind the row bounds: the row's first version when the stated
        one is older, else None (the row holds for it)."""
        return self._against(stated, fact.since)

    def _against(self, stated: list[str], since: dict[str, str]) -> dict[str, str | None]:
        """Each stated version of a bounded kind: the first version when it is older, else
        None (the bound is met)."""
        out: dict[str, str | None] = {}
        for label in stated:
            read = version_of(label, self.tables.reading.versions)
            if read is not None and read[0] in since:
                first = since[read[0]]
                out[label] = first if read[1] < parse_version(first) else None
        return out

    def _before(
        self,
        verdict: Verdict,
        fact: FeatureFact,
        feature_id: str,
        too_old: tuple[str, str],
        language: Lang,
    ) -> Verdict:
        label, since = too_old
        kind = next(k for k, v in fact.since.items() if v == since)
        feature = self._feature_names[feature_id]
        reason = self._msg(
            "feature_needs_version",
            language,
            feature=feature.name.get(language),
            since=f"{kind.capitalize()} {since}",
            stated=label,
        )
        return Verdict(
            status="no",
            alternatives=[
                self._msg("feature_upgrade", language, since=f"{kind.capitalize()} {since}"),
                *verdict.alternatives,
            ],
            facts=verdict.facts,
            reasons=[reason],
        )

    def fact(self, feature_id: str, query: CompatQuery) -> FeatureFact | None:
        """The row for this feature on the asked platform, host or image, if the tables have one.

        A question that names no place ("can a HostProcess container use …?") is settled only
        when every row of the feature says the same; otherwise the place decides, and is asked.
        """
        rows = [f for f in self.tables.features.facts if f.feature == feature_id]
        if query.container_os is not None:
            # "Can Windows containers use AppArmor profiles?": the Linux row does not speak.
            rows = [f for f in rows if f.applies_to.container_os in (None, query.container_os)]
        if not (query.platform or query.host_os or query.base_image):
            if query.edition:
                # A host edition is a place of its own ("a Standard licence"): rows about named
                # platforms (Docker Desktop's subscription) do not speak for it.
                rows = [f for f in rows if not _scoped(f)]
            same = len({f.status for f in rows}) == 1
            return rows[0] if rows and same else None
        # The most specific row wins: AKS's own HostProcess row over the one for every
        # Kubernetes platform.
        applicable = [f for f in rows if self._applies(f, query)]
        if not applicable and not query.platform:
            return self._any_platform(rows)
        return min(applicable, key=self._breadth, default=None)

    def _any_platform(self, rows: list[FeatureFact]) -> FeatureFact | None:
        """A host or image named without a place ("HostProcess pods on 2019 nodes"): a feature
        only platforms have rows for, one row covering the platforms of all the others (every
        Kubernetes platform, and AKS), all saying it runs with the same status, is answered
        with that row. Rows for unrelated platforms (OpenShift's subscription, Docker
        Desktop's) do not speak for a bare host; a "no" is never lent: it may hold for one
        platform only."""
        if not rows or not all(f.applies_to.platforms for f in rows):
            return None
        statuses = {f.status for f in rows}
        if len(statuses) != 1 or statuses == {"no"}:
            return None
        broadest = max(rows, key=self._breadth)
        covered = self._members(broadest)
        return broadest if all(self._running(f) <= covered for f in rows) else None

    def _running(self, fact: FeatureFact) -> set[str]:
        """The row's platforms that can run what it is about: AKS's row speaks for AKS
        Standard, not for AKS Automatic, which has no Windows nodes at all."""
        members = self._members(fact)
        if fact.applies_to.container_os != "windows":
            return members
        return {m for m in members if not self._no_windows(m)}

    @functools.cached_property
    def _feature_names(self) -> dict[str, FeatureName]:
        return {f.id: f for f in self.tables.features.features}

    def _both_os(self, feature_id: str) -> bool:
        feature = self._feature_names.get(feature_id)
        return feature is not None and feature.both_os

    def _no_windows(self, platform_id: str) -> bool:
        platform = self.tables.platforms.get(platform_id)
        windows = platform.os.get("windows") if platform is not None else None
        return windows is not None and windows.status == "no"

    def _members(self, fact: FeatureFact) -> set[str]:
        return {m for p in fact.applies_to.platforms for m in self.families.get(p, [p])}

    def _breadth(self, fact: FeatureFact) -> int:
        scope = fact.applies_to
        return len(self._members(fact)) + len(scope.hosts) + len(scope.base_images)

    def _applies(self, fact: FeatureFact, query: CompatQuery) -> bool:
        scope = fact.applies_to
        checks = []
        if scope.platforms:
            asked = self.families.get(query.platform or "", [query.platform])
            allowed = {m for p in scope.platforms for m in self.families.get(p, [p])}
            if fact.status == "no" and (self._both_os(fact.feature) or _windows_only(fact)):
                # Both OSes at once, or a Windows pod field: a member that runs no Windows
                # containers at all (Docker Desktop for Mac, GKE Autopilot) cannot either, so a
                # "no" for the members that run them answers for the family.
                allowed |= {m for m in asked if m is not None and self._no_windows(m)}
            # A family asked ("GKE") is covered by a fact on some of its members, unless the
            # fact says "no": a "no" for Autopilot must not answer for GKE Standard too.
            covered = set(asked) & allowed
            whole = set(asked) <= allowed
            checks.append(bool(query.platform) and bool(covered) and (whole or fact.status != "no"))
        if scope.hosts:
            checks.append(query.host_os in scope.hosts)
        if scope.base_images:
            checks.append(query.base_image in scope.base_images)
        if scope.container_os:
            checks.append(query.container_os in (None, scope.container_os))
        return bool(checks) and all(checks)

    def _missing_feature(self, feature_id: str, query: CompatQuery, language: Lang) -> str:
        feature = self._feature_names[feature_id]
        place = self._place_name(query, language)
        return self._msg(
            "feature_not_in_tables", language, place=place, feature=feature.name.get(language)
        )

    def _place_name(self, query: CompatQuery, language: Lang) -> str:
        if query.platform in self.tables.platforms:
            return self.tables.platforms[query.platform].name.get(language)
        family = next((f for f in self.tables.lexicon.families if f.id == query.platform), None)
        if family is not None:
            return family.name.get(language)
        if query.host_os in self.tables.hosts:
            return self.tables.hosts[query.host_os].name.get(language)
        return self.tables.messages["feature_place_missing"].get(language)

    def _evidence(self, fact: FeatureFact, language: Lang) -> Evidence:
        return Evidence(
            fact=f"feature.{fact.id}",
            source=f"{SOURCE_DIR}/{FEATURES_FILE}",
            section=fact.id,
            url=fact.sources[0] if fact.sources else None,
            text=fact.summary.get(language),
        )

    def _msg(self, key: MessageKey, language: Lang, **params: str) -> str:
        return self.tables.messages[key].get(language).format(**params)


def _windows_only(fact: FeatureFact) -> bool:
    return fact.applies_to.container_os == "windows"


def _scoped(fact: FeatureFact) -> bool:
    scope = fact.applies_to
    return bool(scope.platforms or scope.hosts or scope.base_images)
