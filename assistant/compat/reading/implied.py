"""What a question implies without naming it: pods are Kubernetes's, "the default isolation" is
the host's default mode, two revisions of one build are host and image of that build, a
cluster version that is no Kubernetes one is the place's own (OpenShift 4.10), a Windows and a
Linux container put in one pod are a mixed pod, ruling out one OS's nodes asks about a cluster
without them, and "or is it Linux only?" doubts the place rather than naming the workload's OS."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.compat.feature_schema import FeatureTable
from assistant.compat.lexicon import Lexicon, Mention, has_phrase
from assistant.compat.query import CompatQuery
from assistant.compat.reading.schema import ReadingVocabulary
from assistant.compat.reading.versions import version_of
from assistant.compat.schema import Aliases, OsName

KUBERNETES = "kubernetes"
_OS_NAMES = ("windows", "linux")
OS_TYPES = ("os_word", "container_os")
MIXED_OS_POD = "mixed-os-pod"
_ONLY_BEFORE = re.compile(r"(?:^|\s)only\s+$")
_ONLY_AFTER_NODES = re.compile(r"^\s*[a-z\- ]{0,20}?\s+only(?![a-z])")
_ONLY_AFTER = re.compile(r"^(?:-|\s)?only(?![a-z])|^\s*전용")


@dataclass(frozen=True)
class Implied:
    lexicon: Lexicon
    vocabulary: ReadingVocabulary
    families: dict[str, list[str]]
    kubernetes_features: frozenset[str]
    """Features only Kubernetes has (pod fields): every row of theirs is a Kubernetes one."""
    without_nodes: dict[str, OsName]
    """Feature id -> the OS a cluster of that feature has no nodes of (`no_nodes_of`)."""

    @classmethod
    def build(
        cls,
        lexicon: Lexicon,
        vocabulary: ReadingVocabulary,
        features: FeatureTable,
        families: dict[str, list[str]],
    ) -> Implied:
        rows: dict[str, list[bool]] = {}
        for fact in features.facts:
            rows.setdefault(fact.feature, []).append(KUBERNETES in fact.applies_to.platforms)
        only = frozenset(f for f, on_k8s in rows.items() if all(on_k8s))
        without = {f.id: f.no_nodes_of for f in features.features if f.no_nodes_of}
        return cls(lexicon, vocabulary, families, only, without)

    def default_isolation(self, query: CompatQuery, text: str) -> None:
        """ "FROM servercore:ltsc2019 on a Windows Server 2022 host with the default isolation":
        no mode is named, the host's default is the one meant (process on Windows Server,
        Hyper-V on Windows 10/11, hosts.yaml)."""
        if query.isolation is not None or query.host_os is None:
            return
        if not has_phrase(text, self.lexicon.tables.lexicon.markers.default_isolation):
            return
        host = self.lexicon.tables.hosts.get(query.host_os)
        windows = host.os.get("windows") if host is not None else None
        if windows is not None and windows.default_isolation is not None:
            query.isolation = windows.default_isolation

    def same_build(self, query: CompatQuery, number: str) -> None:
        """ "호스트 14393.1914, 이미지 14393.1944": two revisions of one build are host and image
        of that build, whichever role the wording left unread."""
        builds = {m.ref.id for m in self.lexicon.find(number) if m.ref.type == "windows_version"}
        if len(builds) != 1:
            return
        build = builds.pop()
        if query.host_os in (None, *_OS_NAMES):
            query.host_os = build
        if query.image_os is None:
            query.image_os = build

    def kubernetes(self, query: CompatQuery, text: str) -> None:
        """ "Will a seccompProfile be honoured on our Windows pods?": pods (and pod fields such
        as mountPropagation) exist only on Kubernetes, so with no place named the question is
        about Kubernetes, and its rows (pod fields, process isolation only, image matching the
        node) answer it, not the bare host's."""
        if query.platform is not None or query.unknown_platforms:
            return
        if query.host_os not in (None, *_OS_NAMES):
            # "HostProcess pods on the 2019 nodes": the cluster could be any Kubernetes, and the
            # upstream row's own host list (2022 and 2025 only) would decide for all of them.
            return
        objects = self.lexicon.tables.lexicon.markers.kubernetes_objects
        if has_phrase(text, objects) or any(f in self.kubernetes_features for f in query.features):
            query.platform = KUBERNETES

    def cluster_version(self, query: CompatQuery, label: str) -> str:
        """ "Our OpenShift cluster is on 4.10": a cluster's version that is no Kubernetes one
        (those are all 1.x) is the asked place's own, when the place has a kind of its own."""
        read = version_of(label, self.vocabulary.versions)
        if read is None or read[0] != KUBERNETES or read[1][0] == 1:
            return label
        members = self.families.get(query.platform or "", [query.platform or ""])
        platforms = self.lexicon.tables.platforms
        kinds = {platforms[m].version_kind for m in members if m in platforms}
        if len(kinds) != 1 or None in kinds or KUBERNETES in kinds:
            return label
        kind = kinds.pop() or ""
        number = ".".join(str(part) for part in read[1])
        return f"{self.vocabulary.versions.kinds[kind][0]} {number}"

    def one_pod(self, query: CompatQuery, text: str, named: list[Mention]) -> None:
        """ "Our Windows service needs an Envoy sidecar, and the Envoy image is Linux. Can both
        live in one pod?": a Windows and a Linux container named anywhere in the question and
        put in one pod ask about a pod mixing the two, which no single-OS reading answers."""
        if query.workload is not None or not has_phrase(text, self.vocabulary.clauses.one_pod):
            return
        containers = [
            m
            for m in named
            if m.ref.type in OS_TYPES
            and not _starts_with(text[m.end :], self.vocabulary.clauses.node_words)
        ]
        if {os_of(m.ref.id) for m in containers} | self.subject_os(named) == set(_OS_NAMES):
            query.workload = MIXED_OS_POD
            query.container_os = None
            query.conflicts = []

    def nodes_ruled_out(
        self, text: str, named: list[Mention], excluded: list[Mention]
    ) -> list[str]:
        """Features of a cluster without nodes of one OS (features.yaml `no_nodes_of`) that
        the question asks about: "with no Linux node pool at all", "only Windows pools"."""
        words = self.vocabulary.clauses.node_words
        without: set[str] = set()
        for m in named:
            if m.ref.type not in OS_TYPES or not _starts_with(text[m.end :], words):
                continue
            if m in excluded:
                without.add(os_of(m.ref.id))
            elif _ONLY_BEFORE.search(text[: m.start]) or _ONLY_AFTER_NODES.match(text[m.end :]):
                without |= set(_OS_NAMES) - {os_of(m.ref.id)}
        return [f for f, os in self.without_nodes.items() if os in without]

    def os_limits(self, text: str, mentions: list[Mention], features: list[str]) -> list[Mention]:
        """OS names the asker wonders the asked thing is limited to ("or is it a Linux-only
        image?", "or is App Runner Linux only?"): the question's doubt, not the workload's OS,
        when a feature is asked or when what the asker runs (a Server Core image, a .NET
        Framework app) runs on another OS only."""
        limited = [
            m for m in mentions if m.ref.type in OS_TYPES and _ONLY_AFTER.match(text[m.end :])
        ]
        if not limited or features:
            return limited
        runs_on = self.subject_os(mentions)
        return [m for m in limited if runs_on and os_of(m.ref.id) not in runs_on]

    def subject_os(self, mentions: list[Mention]) -> set[str]:
        """The OSes the named base images and workloads run on (Server Core: Windows)."""
        tables = self.lexicon.tables
        found: set[str] = set()
        for m in mentions:
            if m.ref.type == "base_image" and m.ref.id in tables.base_images:
                found |= set(tables.base_images[m.ref.id].os)
            elif m.ref.type == "workload" and m.ref.id in tables.workloads:
                runs = tables.workloads[m.ref.id].os
                found |= {os for os, s in runs.items() if s.status in ("yes", "conditional")}
        return found


def _starts_with(text: str, words: Aliases) -> bool:
    return has_phrase(text.lstrip(" -"), words, where="start")


def os_of(ref_id: str) -> str:
    """The OS an OS word or container-OS reference names ("windows-containers": windows)."""
    return "windows" if ref_id.startswith("windows") else "linux"
