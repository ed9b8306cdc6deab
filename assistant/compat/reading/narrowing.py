"""Narrowing a query by what the question says around its place: the family member that runs
on the named host ("Docker Desktop on my Windows laptop"), and what the asker ruled out ("not
Linux", "without Hyper-V", "GKE, not Autopilot", "EKS without any EC2 instances")."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.compat.lexicon import Lexicon, Ref
from assistant.compat.query import CompatQuery
from assistant.compat.reading.clauses import Clauses
from assistant.compat.reading.implied import os_of


@dataclass(frozen=True)
class Narrowing:
    lexicon: Lexicon
    families: dict[str, list[str]]

    def by_host(self, query: CompatQuery) -> None:
        """ "Docker Desktop on my Windows laptop": the family's one member that runs on that
        host (`runs_on`) is the place asked about."""
        if query.platform not in self.families or query.host_os is None:
            return
        tables = self.lexicon.tables
        host = tables.hosts.get(query.host_os)
        hosts = {query.host_os, *(host.group if host is not None and host.group else [])}
        members = [
            p
            for p in self.families[query.platform]
            if p in tables.platforms and hosts & set(tables.platforms[p].runs_on or [])
        ]
        if len(members) == 1:
            query.platform = members[0]

    def by_exclusions(self, query: CompatQuery, clauses: Clauses, text: str) -> None:
        """What the asker ruled out narrows the query: "not Linux", "without Hyper-V", "GKE, not
        Autopilot", "EKS without any EC2 instances"."""
        for mention in clauses.excluded:
            ref = mention.ref
            if ref.type in ("os_word", "container_os"):
                # "not Linux": the container OS asked about is the other one.
                other = "linux" if ref.id.startswith("windows") else "windows"
                if query.container_os in (None, os_of(ref.id)):
                    query.container_os = other  # type: ignore[assignment]
            elif ref.type == "isolation" and query.isolation is None:
                # "without Hyper-V": the other mode is the one asked about.
                query.isolation = "process" if ref.id == "hyperv" else "hyperv"
            elif ref.type in ("platform", "family") and query.platform in self.families:
                # "GKE, not Autopilot": the family's other member, when just one remains.
                left = [
                    p
                    for p in self.families[query.platform]
                    if p != ref.id and p not in self.families.get(ref.id, [])
                ]
                self._narrow_to(query, left)
            elif ref.type == "generic" and query.platform in self.families:
                # "EKS without any EC2 instances": the members not named by that word.
                word = text[mention.start : mention.end]
                left = [
                    p
                    for p in self.families[query.platform]
                    if not any(
                        word in a for a in self.lexicon.spellings.get(Ref("platform", p), ())
                    )
                ]
                if len(left) < len(self.families[query.platform]):
                    self._narrow_to(query, left)

    def _narrow_to(self, query: CompatQuery, left: list[str]) -> None:
        """The family's remaining members: one is the place asked; several stand for it when the
        tables give them one status for the container OS asked (EKS on Fargate and in Auto Mode
        both run no Windows pods)."""
        if len(left) == 1:
            query.platform = left[0]
            return
        os_asked = query.container_os or "windows"
        rows = [self.lexicon.tables.platforms.get(p) for p in left]
        statuses = {r.os[os_asked].status for r in rows if r is not None and os_asked in r.os}
        if left and statuses == {"no"} and len(statuses) == 1 and all(rows):
            query.platform = left[0]
