"""Read a whole question: set aside context and exclusions, recognise features, list what is
left unplaced, and apply exclusions to the structured query.

The extractor fills slots from the text it is given; the reader decides which text that is and
what else the question says, so that nothing the asker wrote is silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.compat.feature_schema import FeatureTable
from assistant.compat.lexicon import Lexicon, Mention, Ref, has_phrase, normalize
from assistant.compat.phrases import PhraseIndex
from assistant.compat.query import CompatQuery
from assistant.compat.reading.asking import Asking, owners_of_ruled_out
from assistant.compat.reading.audit import UnplacedAudit
from assistant.compat.reading.clauses import clause_spans, heard_spans, negated, split
from assistant.compat.reading.counts import container_counts
from assistant.compat.reading.implied import OS_TYPES, Implied, os_of
from assistant.compat.reading.inner import InnerNames
from assistant.compat.reading.narrowing import Narrowing
from assistant.compat.reading.places import name_words
from assistant.compat.reading.ports import left_behind
from assistant.compat.reading.schema import ReadingVocabulary
from assistant.compat.reading.sizes import stated_sizes
from assistant.compat.reading.spans import clause_of
from assistant.compat.reading.unplaced import technical_words
from assistant.compat.reading.versions import (
    arch_conflicts,
    differing_revisions,
    loose_versions,
    os_conflicts,
    restates_a_name,
    stated_versions,
    versioned_places,
)
from assistant.compat.schema import Aliases

Extract = Callable[[str, CompatQuery | None], CompatQuery]


@dataclass(frozen=True)
class Read:
    query: CompatQuery
    context: list[Ref] = field(default_factory=list)
    excluded: list[Ref] = field(default_factory=list)
    hypothetical: list[Ref] = field(default_factory=list)


class Reader:
    def __init__(
        self,
        lexicon: Lexicon,
        vocabulary: ReadingVocabulary,
        features: FeatureTable,
        families: dict[str, list[str]],
    ) -> None:
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        self.features = features
        self._families = families
        self._narrowing = Narrowing(lexicon, families)
        self._implied = Implied.build(lexicon, vocabulary, features, families)
        markers = lexicon.tables.lexicon.markers
        self._marker_phrases: list[str] = []
        for _name, value in markers:
            if isinstance(value, Aliases):
                self._marker_phrases += [*value.en, *value.ko]
        self._marker_phrases += [
            *vocabulary.clauses.context.en,
            *vocabulary.clauses.context.ko,
            *vocabulary.clauses.hypothetical.en,
            *vocabulary.clauses.hypothetical.ko,
        ]
        feature_names = [
            (alias, feature.id)
            for feature in features.features
            for alias in [
                *feature.aliases.en,
                *feature.aliases.ko,
                feature.name.en,
                feature.name.ko,
            ]
        ]
        self._feature_names = PhraseIndex(feature_names)
        # What the unplaced-word audit counts as placed beside the lexicon's names.
        # The words a stated version hangs on ("커널", "cluster") are read with it.
        anchors = [*vocabulary.versions.anchors.en, *vocabulary.versions.anchors.ko]
        self._placing = PhraseIndex(
            [*((phrase, "") for phrase in [*self._marker_phrases, *anchors]), *feature_names]
        )
        self._audit = UnplacedAudit(
            lexicon, vocabulary, self._placing, self._feature_names, markers.unknown_stopwords
        )
        self._both_os = {f.id: f.both_os for f in features.features}
        self._two_versions = {f.id: f.two_versions for f in features.features}
        self._several_archs = {f.id for f in features.features if f.several_archs}
        self._kind_of = {f.id: f.kind_of for f in features.features if f.kind_of}
        # Places that run one OS's containers at a time (Docker Desktop's modes): the both-OS
        # feature whose row there says "no".
        self._one_os_at_a_time = {
            platform: fact.feature
            for fact in features.facts
            if fact.status == "no" and self._both_os.get(fact.feature, False)
            for platform in fact.applies_to.platforms
        }
        self._inner = InnerNames.build(features, families)
        self._asking = Asking(vocabulary, self._implied)

    def read(self, question: str, previous: CompatQuery | None, extract: Extract) -> Read:
        text = normalize(question)
        hits = self._feature_hits(text)
        # A name inside a feature's own name is part of the feature (inner.py).
        inner = [m for m in self.lexicon.find(text) if self._inner.inside(m, hits)]
        mentions = [m for m in self.lexicon.find(text) if m not in inner]
        clauses = split(text, mentions, self.vocabulary.clauses, self._families)
        # A feature the asker rules out ("our hosts aren't domain-joined") is not asked about.
        markers = self.vocabulary.clauses
        # "Not via AKS virtual nodes": a feature of a place the asker rules out goes with it.
        excluded_ends = {m.end for m in clauses.excluded}
        asked_features = [
            (f, negated(text, s, e, markers) or len(text[:s].rstrip()) in excluded_ends)
            for s, e, f in self._asked_features(text, hits)
            if clauses.text[s:e] == text[s:e]
        ]
        features = [f for f, ruled_out in asked_features if not ruled_out]
        # Ruled out anywhere, a background statement too ("We have NOT enabled the
        # WindowsHostNetwork feature gate. Can a Windows pod use hostNetwork?").
        ruled_out = list(
            dict.fromkeys(
                f
                for s, e, f in hits
                if clauses.text[s:e] == text[s:e] and negated(text, s, e, markers)
            )
        )
        # "쿠버네티스 1.22인데 AKS에서 …": a place named with a version states the cluster's
        # version when another place is asked about; it is context, its version is read below.
        not_context = [m for m in mentions if m not in clauses.context]
        versioned = versioned_places(text, [m for m in not_context if m not in clauses.excluded])
        # An OS the asker rules out ("윈도우 컨테이너 말고 리눅스 …") is not one it asks about.
        background = self._asking.background_os(
            text, [m for m in not_context if m not in clauses.excluded]
        )
        background += self._asking.background_modes(text, not_context)
        limits = self._implied.os_limits(text, not_context, features)
        background += [m for m in limits if m not in background]
        background += owners_of_ruled_out(text, not_context, hits, ruled_out, clauses.excluded)
        if clauses.hypothetical:
            present = [m for m in mentions if m not in clauses.context and m not in background]
            # What the asking clause or the change's own ("port to .NET 10 but keep shipping
            # Windows images") names is not the present state.
            spans = clause_spans(text, self.vocabulary.clauses.connectives)
            own = {clause_of(spans, m.start) for m in clauses.hypothetical}
            kept = self._asking.mentions(text, present)
            kept += [m for m in present if clause_of(spans, m.start) in own and m not in kept]
            background += left_behind(text, present, kept, clauses.hypothetical)
        clauses = replace(
            clauses,
            text=_blank(clauses.text, [*inner, *versioned, *background]),
            context=[*clauses.context, *versioned, *background],
        )
        query = extract(_blank_original(question, text, clauses.text), previous)
        asked = [m for m in mentions if m not in clauses.context and m not in clauses.excluded]
        # The whole text: "Our cluster is on Kubernetes 1.29. Can GKE …?" sets Kubernetes aside
        # as a place, but its version is the cluster's.
        query.versions = stated_versions(
            text,
            mentions,
            self.vocabulary.versions,
            question,
            heard_spans(text, self.vocabulary.clauses),
        )
        query.versions += self._place_versions(
            query, loose_versions(text, mentions, query.versions)
        )
        query.versions = [self._implied.cluster_version(query, v) for v in query.versions]
        revisions = differing_revisions(text)
        if revisions and PATCH_LEVEL in self._both_os:
            # Two revisions of one build ask about the revision rule (patch-level-match's rows),
            # and the numbers are its, not versions left unplaced.
            features.append(PATCH_LEVEL)
            query.versions = [v for v in query.versions if v.lower() not in revisions]
            self._implied.same_build(query, revisions[0])
        sizes = stated_sizes(clauses.text, self.vocabulary.sizes)
        query.image_size_gb = max((s.gb for s in sizes), default=None)
        # "a 12 GB Linux container image" states a size, not twelve containers.
        counts = [
            c
            for c in container_counts(clauses.text, mentions, self.vocabulary.counts)
            if not any(z.span[0] <= c.span[0] < z.span[1] for z in sizes)
        ]
        query.container_count = max((c.value for c in counts), default=None)
        if counts and len({os_of(m.ref.id) for m in mentions if m.ref.type in OS_TYPES}) < 2:
            # "Three Hyper-V containers at once" counts containers of one OS: "at once" is the
            # count's, not "Linux and Windows containers at the same time".
            features = [f for f in features if not self._both_os.get(f, False)]
        features += [
            f
            for f in self._implied.nodes_ruled_out(text, mentions, clauses.excluded)
            if f not in features
        ]
        mode = self._mode_stated(text, query, background, features)
        if mode is not None:
            features.append(mode)
        both = any(self._both_os.get(f, False) for f in features)
        if any(self._two_versions.get(f, False) for f in features):
            # "upgrade the 2022 node pool in place to 2025": the two versions are the change's
            # from and to, which the feature's row answers; they are no conflict.
            query.conflicts = []
        if query.workload != "mixed-os-pod" and not both:  # these name both OSes by definition
            # Judged on the asking sentence: "Linux pods set fsGroup. Can a Windows pod …?"
            # names Linux as background, not as a second subject.
            asked_os = os_conflicts(text, self._asking.mentions(text, asked))
            query.conflicts = list(dict.fromkeys([*query.conflicts, *asked_os]))
        if not self._several_archs & set(features):
            # "linux/amd64로만 빌드된 이미지를 arm64 노드에": one slot holds one architecture, and
            # answering for the first would answer for an image on its own architecture's host.
            in_asking = self._asking.mentions(text, asked)
            asked_archs = arch_conflicts(text, in_asking)
            query.conflicts = list(dict.fromkeys([*query.conflicts, *asked_archs]))
            # "The Linux nodes are arm64, the Windows nodes are amd64. Can the Windows pods …?":
            # the architecture the asking clause names is the one asked about.
            own_arch = {m.ref.id for m in in_asking if m.ref.type == "arch"}
            if query.arch is not None and len(own_arch) == 1:
                query.arch = own_arch.pop()
        # Also when another mention asks it ("FIPS 이미지 옵션(--enable-fips-image) 없이"): only a
        # row that requires the feature reads the ruling-out (features.py).
        query.ruled_out = ruled_out
        query.features = list(dict.fromkeys(features)) or (
            list(previous.features) if previous is not None and _inherits(query, previous) else []
        )
        stated = " ".join(query.versions).lower()
        own_name = name_words(self.lexicon.tables.platforms, query.platform)
        query.unplaced = [
            w
            for w in self._audit.words(
                text,
                clauses,
                # An unknown name is placed only where the answer reports it (no known place
                # decides first): "RKE2 … Cilium으로" must not drop Cilium unread.
                [] if query.platform else query.unknown_platforms,
                [*(c.span for c in counts), *(z.span for z in sizes)],
                technical_words(question),
            )
            # "Kubernetes 1.23+" states 1.23 as a floor: the plus is the version's.
            if w.rstrip("+") not in stated
            and not restates_a_name(w, text, mentions)
            and w not in own_name
        ]
        query.excluded = sorted({m.ref.id for m in clauses.excluded})
        if query.arch is not None and query.arch in query.excluded:
            # "windows/amd64 and linux/arm64, no linux/amd64 at all": the architecture is named
            # and ruled out at once (for one OS, not the other), which one slot cannot hold.
            named = [text[m.start : m.end] for m in mentions if m.ref.id == query.arch]
            query.conflicts = list(dict.fromkeys([*query.conflicts, *named]))
        self._narrowing.by_exclusions(query, clauses, text)
        self._narrowing.by_host(query)
        self._implied.default_isolation(query, clauses.text)
        self._implied.one_pod(query, text, [m for m in mentions if m not in clauses.excluded])
        self._implied.kubernetes(query, clauses.text)
        return Read(
            query=query,
            context=_refs(clauses.context),
            excluded=_refs(clauses.excluded),
            hypothetical=_refs(clauses.hypothetical),
        )

    def _feature_hits(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, feature id) of each feature name in `text`, longest first where two
        overlap ("run as user name" is runAsUserName, not runAsUser), in text order."""
        found = [(m.start(), m.end(), feature) for m, feature in self._feature_names.matches(text)]
        kept: list[tuple[int, int, str]] = []
        for hit in sorted(found, key=lambda h: (h[0] - h[1], h[0])):
            if all(hit[1] <= k[0] or k[1] <= hit[0] for k in kept):
                kept.append(hit)
        return sorted(kept)

    def _place_versions(self, query: CompatQuery, numbers: list[str]) -> list[str]:
        """Loose version numbers as the asked place's own ("OpenShift 4.11"); bare when the
        place has no version of its own, so the verdict says it cannot place them."""
        members = self._families.get(query.platform or "", [query.platform or ""])
        platforms = self.lexicon.tables.platforms
        kinds = {platforms[m].version_kind for m in members if m in platforms}
        kinds.discard(None)
        if len(kinds) != 1:
            return numbers
        kind = kinds.pop() or ""
        anchor = self.vocabulary.versions.kinds[kind][0]
        return [f"{anchor} {n}" for n in numbers]

    def _mode_stated(
        self, text: str, query: CompatQuery, background: list[Mention], features: list[str]
    ) -> str | None:
        """On a place that runs one OS's containers at a time, a sentence before the question
        that names the other OS states the mode it is in: "I switched Docker Desktop to Windows
        containers. Can I run my Linux image?" asks about the other mode's image, not about
        Linux containers in general."""
        if not background or any(self._both_os.get(f, False) for f in features):
            return None
        spans = clause_spans(text, self.vocabulary.clauses.connectives)
        stating = [(s, e) for s, e in spans if any(s <= m.start < e for m in background)]
        modes = self.vocabulary.clauses.modes
        if not any(has_phrase(text[s:e], modes) for s, e in stating):
            return None
        members = self._families.get(query.platform or "", [query.platform or ""])
        return next(
            (self._one_os_at_a_time[m] for m in members if m in self._one_os_at_a_time), None
        )

    def _asked_features(
        self, text: str, hits: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """When the asking clause names a feature, the ones only a statement before it names are
        background: "We put only Windows nodes in EKS and CoreDNS won't start. If we add a Linux
        node group, can it run alongside them?" asks about the mixed cluster. A statement the
        question points back at by pronoun is still read; with no feature in the asking clause,
        the statement's feature is the one asked about ("Our pods need gMSA. Does EKS …?")."""
        spans = clause_spans(text, self.vocabulary.clauses.connectives)
        asking = [i for i, (s, e) in enumerate(spans) if "?" in text[s:e]]
        if len(spans) < 2 or not asking:
            return hits
        kept = {*asking, *(i for i in range(len(spans)) if self._audit.referred_to(text, spans, i))}
        in_question = [hit for hit in hits if clause_of(spans, hit[0]) in asking]
        if not in_question:
            return hits
        # "Our cluster is on OpenShiftSDN. … without migrating the network plugin first?": the
        # broad feature asked is the statement's choice of it.
        asked_ids = {feature for _, _, feature in in_question}
        chosen = {f for _, _, f in hits if self._kind_of.get(f) in asked_ids}
        kept_hits = [hit for hit in hits if clause_of(spans, hit[0]) in kept or hit[2] in chosen]
        broad = {self._kind_of[f] for f in chosen}
        return [hit for hit in kept_hits if hit[2] not in broad]


PATCH_LEVEL = "patch-level-match"


def _blank_original(question: str, text: str, blanked: str) -> str:
    """The question as asked (its capitals tell product names apart) with the set-aside parts
    blanked; the normalised form when normalising moved characters and the two do not align."""
    if blanked == text:
        return question
    if len(question) != len(text) or question.lower() != text:
        return blanked
    return "".join(
        b if b == " " and t != " " else q for q, t, b in zip(question, text, blanked, strict=True)
    )


def _blank(text: str, mentions: list[Mention]) -> str:
    for mention in mentions:
        text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    return text


def _inherits(query: CompatQuery, previous: CompatQuery) -> bool:
    """A follow-up that only swaps the place ("what about EKS?") asks about the same feature."""
    return not query.has_subject() or query.workload == previous.workload


def _refs(mentions: list[Mention]) -> list[Ref]:
    refs: list[Ref] = []
    for mention in mentions:
        if mention.ref not in refs:
            refs.append(mention.ref)
    return refs
