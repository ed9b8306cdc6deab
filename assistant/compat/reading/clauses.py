"""Which part of a question asks, and which names in it are context, contrast or exclusions.

"Unlike GKE, can Cloud Run run Windows containers?" asks about Cloud Run: GKE is contrast.
"Our ltsc2019 images work fine; can a WS2019 host run ltsc2022?" asks about ltsc2022: the first
clause is context. "EKS, but not Fargate" and "하이퍼V 안 쓰고" exclude a name. "If we port it to
.NET 10, can it run on Cloud Run?" asks about the ported app. The names set aside are blanked out
of the text the extractor reads (offsets kept), so they cannot become the subject; they are kept
for the reading the user sees.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from assistant.compat.lexicon import Mention, has_phrase, phrase_matches
from assistant.compat.reading.places import (
    heard_of_places,
    moved_from,
    stated_places,
    versions_of_set_aside_places,
)
from assistant.compat.reading.schema import ClauseMarkers
from assistant.compat.reading.spans import asking_clause as asking_clause
from assistant.compat.reading.spans import clause_of, with_connective
from assistant.compat.reading.spans import clause_spans as clause_spans

_TARGET_BEFORE = re.compile(r"(?:^|\s)(?:to|into|onto)\s+(?:the\s+|a\s+)?$")


@dataclass(frozen=True)
class Clauses:
    text: str
    """The text the extractor reads: set-aside names blanked out, offsets unchanged."""
    context: list[Mention] = field(default_factory=list)
    """Named for contrast or as what already works: not the subject."""
    excluded: list[Mention] = field(default_factory=list)
    hypothetical: list[Mention] = field(default_factory=list)
    """Names in an "if we port it to …" clause: what the subject would become."""


def split(
    text: str,
    mentions: list[Mention],
    markers: ClauseMarkers,
    families: dict[str, list[str]] | None = None,
) -> Clauses:
    """Set aside what the question does not ask about. `text` is normalised (lexicon.normalize),
    `mentions` are the lexicon's matches in it, `families` maps a family to its platforms."""
    named = [m for m in mentions if m.ref.type not in ("generic", "os_word")]
    spans = clause_spans(text, markers.connectives)
    contrast = [m for m in named if _contrasted(text, m, markers)]
    contrast += [m for m in moved_from(text, named, families or {}) if m not in contrast]
    contrast += _compared_os(text, [m for m in mentions if m.ref.type == "os_word"], markers)
    contrast += [
        m for m in named if m.ref.type == "workload" and _DEPENDENCY.search(text[: m.start])
    ]
    # An OS word can be excluded too ("not Linux - we need Windows", "윈도우 말고 리눅스").
    # A generic infrastructure word too: "EKS without any EC2 instances" rules out EKS on EC2.
    excludable = [
        m
        for m in mentions
        if (m.ref.type != "generic" or m.ref.id == "infra") and m not in contrast
    ]
    excluded = [m for m in excludable if _excluded(text, m, markers)]
    hypothetical = _hypothetical(text, [m for m in named if m not in excluded], markers)
    # What the subject would become replaces what it is: the original is context.
    context: list[Mention] = list(contrast)
    # "AKS docs say … Our cluster isn't AKS though": a place ruled out is no subject elsewhere.
    ruled_out = {m.ref.id for m in excluded if m.ref.type in ("platform", "family")}
    context += [m for m in named if m.ref.id in ruled_out and m not in excluded]
    types = {m.ref.type for m in hypothetical}
    context += [
        m for m in named if m.ref.type in types and m not in hypothetical and m not in context
    ]
    for start, end in spans:
        clause = text[start:end]
        inside = [m for m in named if start <= m.start < end and m not in excluded]
        outside = [m for m in named if not start <= m.start < end and m not in excluded]
        if len(spans) > 1 and has_phrase(clause, markers.context):
            # A clause about what already works is context — unless nothing else names a
            # thing of that kind, in which case the question is about it after all.
            context += [
                m
                for m in inside
                if any(_same_kind(text, o, m) for o in outside if o not in context)
                and m not in context
            ]
    set_aside = [*context, *excluded, *hypothetical]
    context += stated_places(text, spans, named, set_aside, families or {}, markers)
    context += [m for m in heard_of_places(text, spans, named, markers) if m not in context]
    context += [m for m in _known_workloads(text, spans, mentions, markers) if m not in context]
    context += versions_of_set_aside_places(text, spans, named, context, markers)
    blanked = text
    for mention in [*context, *excluded]:
        start, end = _blank_range(text, mention, markers)
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    return Clauses(blanked, context, excluded, hypothetical)


def heard_spans(text: str, markers: ClauseMarkers) -> list[tuple[int, int]]:
    """Statements of what the asker heard or read ("AKS docs say …"), never the asking one."""
    spans = clause_spans(text, markers.connectives)
    if len(spans) < 2:
        return []
    asking = asking_clause(text, spans)
    return [
        span
        for i, span in enumerate(spans)
        if i != asking
        and "?" not in text[span[0] : span[1]]
        and has_phrase(with_connective(text, spans, i), markers.hearsay)
    ]


def _known_workloads(
    text: str, spans: list[tuple[int, int]], mentions: list[Mention], markers: ClauseMarkers
) -> list[Mention]:
    """ "We know a Linux sidecar can't share a pod with a Windows container. What if the sidecar
    is itself a Windows container - can it sit in the same pod?": a workload the asker already
    knows about is context once the asking clause names a container OS or workload of its own.
    Asked of nothing else ("We know mixed pods fail. Does AKS differ?") it stays the subject."""
    if len(spans) < 2:
        return []
    ask_start, ask_end = spans[asking_clause(text, spans)]
    own = ("container_os", "workload")
    if not any(m.ref.type in own and ask_start <= m.start < ask_end for m in mentions):
        return []
    heard = heard_spans(text, markers)
    return [m for m in mentions if m.ref.type == "workload" and clause_of(heard, m.start) >= 0]


def _same_kind(text: str, one: Mention, other: Mention) -> bool:
    """A bare version ("ltsc2022?") may be a host or an image: it is of either version kind."""
    kinds = {_kind(text, one), _kind(text, other)}
    return len(kinds) == 1 or kinds in ({"windows_version", "host version"}, _VERSION_AS_IMAGE)


_VERSION_AS_IMAGE = {"windows_version", "image version"}


def _kind(text: str, mention: Mention) -> str:
    """What a name stands for in a question: an edition ("Windows 11 Pro") names a host too.
    A version named as machines or as images is that kind of version ("Our Windows Server 2025
    hosts run 2022 images fine; can they run 2019 images?": only the images already run are
    set aside, the hosts stay)."""
    if mention.ref.type in ("host", "edition"):
        return "host"
    if mention.ref.type == "windows_version":
        after, before = text[mention.end :], text[: mention.start]
        if _MACHINES_AFTER.match(after):
            return "host version"
        if _IMAGES_AFTER.match(after) or _IMAGES_BEFORE.search(before):
            return "image version"
        # "hosts run Windows Server 2022" names the hosts' OS; "host run ltsc2022" an image.
        if mention.form != "tag" and _MACHINES_BEFORE.search(before):
            return "host version"
    return mention.ref.type


_MACHINES_AFTER = re.compile(
    r"^\s*(?:hosts?|servers?|nodes?|machines?|boxes|box|vms?|node pools?"
    r"|호스트|서버|노드|머신)(?![a-z])"
)
_IMAGES_AFTER = re.compile(r"^\s*(?:images?|containers?|base images?|이미지|컨테이너)(?![a-z])")
# "Our hosts run Windows Server 2022 fine", "호스트는 …": the machines named just before.
_MACHINES_BEFORE = re.compile(
    r"(?:hosts?|servers?|nodes?|machines?|boxes|box|vms?|node pools?|agents?|workers?)"
    r"\s+(?:\w+\s+)?(?:run|runs|are|is|on|use|uses)\s+(?:on\s+)?$"
    r"|(?:호스트|서버|노드|노드풀|머신)(?:는|가|은|이)\s+$"
)
_IMAGES_BEFORE = re.compile(
    r"(?:images?|containers?)\s+(?:\w+\s+)?(?:are|is|use|uses)\s+(?:on\s+)?$"
    r"|(?:built|based|build|rebuilt)\s+(?:on|from)\s+$|\bfrom\s+\S*:?$|이미지(?:는|가|를)\s+$"
)


def _hypothetical(text: str, named: list[Mention], markers: ClauseMarkers) -> list[Mention]:
    """The name an "if we port it to X" clause gives as X: in English the first after the
    marker, in Korean ("X로 포팅하면") the last before it."""
    found: list[Mention] = []
    for phrase in markers.hypothetical.en:
        for match in phrase_matches(phrase, text):
            after = sorted((m for m in named if m.start >= match.end()), key=lambda m: m.start)
            # "port our .NET Framework app to .NET 8": the name after "to" is what it becomes.
            target = [m for m in after if _TARGET_BEFORE.search(text[match.end() : m.start])]
            found += (target or after)[:1]
    for phrase in markers.hypothetical.ko:
        for match in phrase_matches(phrase, text):
            before = sorted((m for m in named if m.end <= match.start()), key=lambda m: -m.start)
            found += before[:1]
    return list(dict.fromkeys(found))


def _contrasted(text: str, mention: Mention, markers: ClauseMarkers) -> bool:
    before = text[: mention.start]
    after = text[mention.end :]
    return bool(
        _ends_with_word(before, markers.contrast_before, (), any_gap=True)
        or _starts_with_word(after, markers.contrast_after)
        or _AS_WE_DID_ON.search(before)
    )


# "… node group on Windows Server 2016, like we could on ECS?": what the asker compares with.
# Not "like" as a verb ("we'd like our pods on AKS"): a subject and an auxiliary, or "on" at once;
# "as" only with them ("as in AKS or EKS" gives examples of what is asked).
_DID = r"(?:we|you|i|they|it|one)\s+(?:could|can|do|did|does|used to|have|had|already do)"
_AS_WE_DID_ON = re.compile(
    rf"(?:^|[\s,(])(?:just\s+)?(?:like\s+(?:{_DID}(?:\s+(?:it|this|that|so))?\s+)?"
    rf"|as\s+{_DID}(?:\s+(?:it|this|that|so))?\s+)(?:on|in)\s+(?:our\s+|the\s+|my\s+)?$"
)


# "uses Windows auth … plus Kerberos to SQL Server": what the app connects to is not what runs.
_DEPENDENCY = re.compile(
    r"(?:^|\s)(?:connects?|connecting|connected|talks?|talking|calls?|calling|queries|against|"
    r"(?:kerberos|auth|authentication|connections?|access|traffic)\s+to)"
    r"(?:\s+to)?\s+(?:the\s+|our\s+|an?\s+|external\s+|remote\s+|on-prem\s+)?$"
)
_LIKE_BEFORE = re.compile(
    r"(?:^|\s)(?:just like|like|unlike|the same way|same as|as it does|as they do|as we do)"
    r"(?:\s+\S+){0,3}\s+(?:on|in|with|for)\s+(?:our\s+|the\s+|my\s+)?$"
)
_COMPARED_AFTER_GAP = r"\s*(?:에서는|에서도|에서|에선|에는|에)?(?:\s+[^\s,.?]+){0,2}?\s*[가-힣]*?"


def _compared_os(text: str, mentions: list[Mention], markers: ClauseMarkers) -> list[Mention]:
    """An OS the question compares with, a few words away from the comparison: "리눅스에서 쓰던
    것처럼 Windows Server에도 …", "like we do on Linux, can Windows Server …". Only when the
    question names another OS, which is the one asked about."""
    endings = "|".join(re.escape(w) for w in sorted(markers.contrast_after, key=len, reverse=True))
    after = re.compile(rf"{_COMPARED_AFTER_GAP}(?:{endings})") if endings else None

    def compared(m: Mention) -> bool:
        if _LIKE_BEFORE.search(text[: m.start]):
            return True
        return bool(after and after.match(text[m.end : m.end + 30]))

    found = [m for m in mentions if compared(m)]
    compared_os = {_os_word_os(m) for m in found}
    others = {_os_word_os(m) for m in mentions if m not in found}
    return found if others - compared_os else []


def _os_word_os(mention: Mention) -> str:
    return "windows" if mention.ref.id.startswith("windows") else "linux"


def _excluded(text: str, mention: Mention, markers: ClauseMarkers) -> bool:
    before = text[: mention.start]
    after = text[mention.end :]
    return bool(
        _ends_with_word(before, markers.exclusion_before, markers.exclusion_gap)
        or _starts_with_word(after, markers.exclusion_after)
        or _like_it_excluded(after, markers)
        or (mention.ref.type == "isolation" and _not_installed(after, markers))
    )


def _like_it_excluded(after: str, markers: ClauseMarkers) -> bool:
    """ "VM 같은 거 하나도 안 쓰고": up to three "things like it" words before the exclusion."""
    if not markers.exclusion_like_gap or not markers.exclusion_after:
        return False
    words, gap = tuple(markers.exclusion_after), tuple(markers.exclusion_like_gap)
    return _head_pattern(words, gap, most=3).match(after) is not None


def _not_installed(after: str, markers: ClauseMarkers) -> bool:
    """ "하이퍼V 역할 설치 안 한 호스트": the role (or feature) of an isolation mode is not there,
    so the mode is ruled out. A gap word is required: "하이퍼V 안 된" alone denies nothing."""
    if not markers.exclusion_gap_after:
        return False
    endings = [*markers.exclusion_after, *markers.negation_after]
    return (
        _head_pattern(tuple(endings), tuple(markers.exclusion_gap_after)).match(after) is not None
    )


_NEGATED_BE = ["aren't", "isn't", "wasn't", "weren't", "are not", "is not", "was not", "were not"]
_NEGATED_GAP = ["been", "yet", "currently", "even", "really", "all"]


def negated(text: str, start: int, end: int, markers: ClauseMarkers) -> bool:
    """Whether the words at [start, end) are ruled out rather than asked about: "hosts aren't
    domain-joined", "without gMSA", "gMSA 없이"."""
    # A flag or a quoted name: "without --enable-fips-image", "(`--enable-fips-image`) 없이".
    if re.search(r"(?:^|[\s(\[])non-$", text[:start]):
        return True  # "(non-HostProcess)"
    before = re.sub(r"[\-`'\"(\[]+$", "", text[:start])
    after = re.sub(r"^[`'\")\]]+", "", text[end:])
    return bool(
        _ends_with_word(before, markers.exclusion_before, markers.exclusion_gap)
        or _ends_with_word(before, _NEGATED_BE, _NEGATED_GAP)
        or _starts_with_word(after, [*markers.exclusion_after, *markers.negation_after])
    )


def _blank_range(text: str, mention: Mention, markers: ClauseMarkers) -> tuple[int, int]:
    """The name plus the marker words that set it aside, so "not" or "말고" is not left to be
    read as a negation of something else."""
    start, end = mention.start, mention.end
    before = _ends_with_word(
        text[:start],
        [*markers.contrast_before, *markers.exclusion_before],
        markers.exclusion_gap,
    )
    if before:
        start -= len(before)
    after = _starts_with_word(text[end:], [*markers.contrast_after, *markers.exclusion_after])
    if after:
        end += len(after)
    elif mention.ref.type == "isolation" and markers.exclusion_gap_after:
        # "Hyper-V 역할을 설치하지 않았는데": the not-installed words go with the name.
        endings = (*markers.exclusion_after, *markers.negation_after)
        found = _head_pattern(endings, tuple(markers.exclusion_gap_after)).match(text[end:])
        if found:
            end += found.end()
    return start, end


def _ends_with_word(
    text: str, words: list[str], gap: list[str] | tuple[str, ...], any_gap: bool = False
) -> str:
    """The matched tail ("unlike ", "not on the ") when `text` ends with a marker word, allowing
    up to two gap words between it and the name (`any_gap`: any two words, as in "unlike the
    old Windows 10 fleet"); "" otherwise."""
    if not words:
        return ""
    match = _tail_pattern(tuple(words), tuple(gap), any_gap).search(text)
    return match.group(0) if match else ""


@functools.lru_cache(maxsize=256)
def _tail_pattern(words: tuple[str, ...], gap: tuple[str, ...], any_gap: bool) -> re.Pattern[str]:
    # Compiled once per marker list: building and escaping the alternation for every mention
    # of every question was ~5% of an answer (issue 13).
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    gaps = r"[^\s,.?!;:]+" if any_gap else "|".join(re.escape(g) for g in gap) if gap else None
    gap_part = rf"(?:(?:{gaps})\s+){{0,2}}" if gaps else ""
    return re.compile(rf"(?:^|(?<=[\s,(]))(?:{alternatives})\s+{gap_part}$")


def _starts_with_word(text: str, words: list[str]) -> str:
    """The matched head ("와 달리", "는 말고") when `text` starts with a marker after an optional
    particle; "" otherwise."""
    if not words:
        return ""
    match = _head_pattern(tuple(words)).match(text)
    return match.group(0) if match else ""


_PARTICLE = r"(?:은|는|이|가|을|를|와|과|랑|이랑|하고|도)?"


@functools.lru_cache(maxsize=256)
def _head_pattern(
    words: tuple[str, ...], gap: tuple[str, ...] = (), most: int = 2
) -> re.Pattern[str]:
    """A marker after an optional particle; with `gap`, after one to `most` gap words first."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if not gap:
        return re.compile(rf"\s*{_PARTICLE}\s*(?:{alternatives})")
    gaps = "|".join(re.escape(w) for w in sorted(gap, key=len, reverse=True))
    # "Hyper-V 역할을 설치하지 않았는데": a particle may close the name before the gap words.
    return re.compile(
        rf"\s*{_PARTICLE}\s*(?:(?:{gaps}){_PARTICLE}\s*){{1,{most}}}(?:{alternatives})"
    )
