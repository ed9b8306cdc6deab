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
from assistant.compat.reading.schema import ClauseMarkers
from assistant.compat.schema import Aliases

# A clause ends at a sentence end or a semicolon followed by space, or a line break.
_TARGET_BEFORE = re.compile(r"(?:^|\s)(?:to|into|onto)\s+(?:the\s+|a\s+)?$")
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[?;])(?=\S)")


@dataclass(frozen=True)
class Clauses:
    text: str
    """The text the extractor reads: set-aside names blanked out, offsets unchanged."""
    context: list[Mention] = field(default_factory=list)
    """Named for contrast or as what already works: not the subject."""
    excluded: list[Mention] = field(default_factory=list)
    hypothetical: list[Mention] = field(default_factory=list)
    """Names in an "if we port it to …" clause: what the subject would become."""


def clause_spans(text: str, connectives: Aliases | None = None) -> list[tuple[int, int]]:
    """Sentences, and with `connectives` the clauses a connective ends inside a sentence."""
    spans, start = [], 0
    ends = sorted(
        [*_CLAUSE_END.finditer(text), *_connective_ends(text, connectives)], key=lambda m: m.start()
    )
    for match in ends:
        if match.start() < start:
            continue
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@functools.lru_cache(maxsize=64)
def _connective_pattern(en: tuple[str, ...], ko: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    if en:
        words = "|".join(re.escape(w) for w in sorted(en, key=len, reverse=True))
        parts.append(rf",\s+(?=(?:{words})\s)")
    if ko:
        endings = "|".join(re.escape(w) for w in sorted(ko, key=len, reverse=True))
        # The ending itself falls between the two clauses: it carries no name.
        parts.append(rf"(?<=[가-힣])(?:{endings})(?:,\s*|\s+)")
    return re.compile("|".join(parts)) if parts else None


def _connective_ends(text: str, connectives: Aliases | None) -> list[re.Match[str]]:
    if connectives is None:
        return []
    pattern = _connective_pattern(tuple(connectives.en), tuple(connectives.ko))
    return list(pattern.finditer(text)) if pattern else []


def asking_clause(text: str, spans: list[tuple[int, int]]) -> int:
    """The clause that asks: the last with a question mark, else the last one."""
    asking = [i for i, (start, end) in enumerate(spans) if "?" in text[start:end]]
    return asking[-1] if asking else len(spans) - 1


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
    contrast += [m for m in _moved_from(text, named, families or {}) if m not in contrast]
    contrast += _compared_os(text, [m for m in mentions if m.ref.type == "os_word"], markers)
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
                if any(_kind(o) == _kind(m) for o in outside if o not in context)
                and m not in context
            ]
    set_aside = [*context, *excluded, *hypothetical]
    context += _stated_places(text, spans, named, set_aside, families or {}, markers)
    context += [m for m in _heard_of_places(text, spans, named, markers) if m not in context]
    context += _versions_of_set_aside_places(text, spans, named, context)
    blanked = text
    for mention in [*context, *excluded]:
        start, end = _blank_range(text, mention, markers)
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    return Clauses(blanked, context, excluded, hypothetical)


def _kind(mention: Mention) -> str:
    """What a name stands for in a question: an edition ("Windows 11 Pro") names a host too."""
    return "host" if mention.ref.type in ("host", "edition") else mention.ref.type


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


def _stated_places(
    text: str,
    spans: list[tuple[int, int]],
    named: list[Mention],
    set_aside: list[Mention],
    families: dict[str, list[str]],
    markers: ClauseMarkers,
) -> list[Mention]:
    """Places named in a clause that does not ask, when the asking clause names another:
    "ECS Fargate runs our Windows tasks. Will EKS on Fargate …?", "람다는 안 되는 거 아는데 ECS
    EC2에서는 …?". A question asks about one place; the others are what the asker knows. A stated
    family that can narrow the asked one stays ("We're on EKS. Can Fargate …?": EKS and Fargate
    share EKS on Fargate). Windows versions are left alone: one stated first is often the host
    ("Our hosts are 2022. Can they run …?")."""
    if len(spans) < 2:
        return []

    def members(m: Mention) -> set[str]:
        return set(families.get(m.ref.id, [])) if m.ref.type == "family" else {m.ref.id}

    index = asking_clause(text, spans)
    start, end = spans[index]
    places = [m for m in named if m.ref.type in ("platform", "family") and m not in set_aside]
    asked = [m for m in places if start <= m.start < end]
    if not asked:
        return []
    if has_phrase(text[start:end], markers.place_referents) and all(
        m.ref.type == "family" for m in asked
    ):
        # "… OpenShift on vSphere on-prem. Can WMCO add 2019 nodes over there?": the place the
        # nearest statement before names is the one asked, the family word only says which.
        earlier = [m for m in places if m.start < start]
        nearest = (
            [
                m
                for m in earlier
                if _clause_of(spans, m.start) == _clause_of(spans, earlier[-1].start)
            ]
            if earlier
            else []
        )
        asked += [m for m in nearest if members(m) & set().union(*(members(a) for a in asked))]
    reach = set().union(*(members(m) for m in asked))
    # Only a stated family narrows; a stated platform of the asked family is one case of the
    # family's answer ("AKS Automatic works. Will AKS …?" asks about AKS, conditions and all).
    return [
        m for m in places if m not in asked and (m.ref.type == "platform" or not members(m) & reach)
    ]


def _members(mention: Mention, families: dict[str, list[str]]) -> set[str]:
    """The platforms a place name stands for ("moving to AWS" keeps App Runner, one of them)."""
    return set(families.get(mention.ref.id, [mention.ref.id]))


_OWN_SUBJECT_TYPES = ("platform", "family", "windows_version", "host", "workload", "base_image")


def _heard_of_places(
    text: str, spans: list[tuple[int, int]], named: list[Mention], markers: ClauseMarkers
) -> list[Mention]:
    """ "GKE는 Hyper-V 격리가 안 된다고 들었어요. 그럼 온프렘 WS2022 서버에서 --isolation=hyperv
    는 되나요?": a place the asker only heard about is context once the asking clause names a
    subject of its own (a place, a host or image version, a workload)."""
    if len(spans) < 2:
        return []
    index = asking_clause(text, spans)
    ask_start, ask_end = spans[index]
    if not any(ask_start <= m.start < ask_end and m.ref.type in _OWN_SUBJECT_TYPES for m in named):
        return []
    found: list[Mention] = []
    for i, (start, end) in enumerate(spans):
        if i == index or not has_phrase(text[start:end], markers.hearsay):
            continue
        found += [m for m in named if m.ref.type in _PLACE_TYPES and start <= m.start < end]
    return found


def _versions_of_set_aside_places(
    text: str, spans: list[tuple[int, int]], named: list[Mention], context: list[Mention]
) -> list[Mention]:
    """ "ACI는 2019 이미지만 확실하다고 하던데, App Service에서는 ltsc2022 …?": a version in a
    statement about a place set aside is that place's, when the asking clause states its own."""
    if len(spans) < 2:
        return []
    index = asking_clause(text, spans)
    ask_start, ask_end = spans[index]
    versions = [m for m in named if m.ref.type == "windows_version" and m not in context]
    if not any(ask_start <= m.start < ask_end for m in versions):
        return []
    found: list[Mention] = []
    for i, (start, end) in enumerate(spans):
        places = [m for m in named if m.ref.type in _PLACE_TYPES and start <= m.start < end]
        if i != index and places and all(m in context for m in places):
            found += [m for m in versions if start <= m.start < end]
    return found


def _clause_of(spans: list[tuple[int, int]], position: int) -> int:
    return next((i for i, (s, e) in enumerate(spans) if s <= position < e), -1)


def _contrasted(text: str, mention: Mention, markers: ClauseMarkers) -> bool:
    before = text[: mention.start]
    after = text[mention.end :]
    return bool(
        _ends_with_word(before, markers.contrast_before, (), any_gap=True)
        or _starts_with_word(after, markers.contrast_after)
    )


_FROM_BEFORE = re.compile(r"(?:^|\s)from\s+(?:the\s+|our\s+)?$")
_TO_BETWEEN = re.compile(r"^\s+(?:to|into|onto|over to)\s+(?:the\s+)?$")
_KO_FROM_BETWEEN = re.compile(r"^\s*(?:에서|에서는)\s*$")
_KO_TO_AFTER = re.compile(
    r"^\s*(?:으로|로)\s*(?:옮기|옮겨|옮길|이전|마이그레이션|전환|이사|넘어가|넘어갈|바꾸|바꿔|갈아타|가면|간다면|가려)"
)
_PLACE_TYPES = ("platform", "family")


def _moved_from(text: str, named: list[Mention], families: dict[str, list[str]]) -> list[Mention]:
    """The place a move starts from: "we moved from EKS to AKS", "GKE Standard에서 Autopilot으로
    옮기면" ask about where the workload goes, not where it was."""
    places = sorted((m for m in named if m.ref.type in _PLACE_TYPES), key=lambda m: m.start)
    found: list[Mention] = []
    for origin, target in zip(places, places[1:], strict=False):
        between = text[origin.end : target.start]
        english = _FROM_BEFORE.search(text[: origin.start]) and _TO_BETWEEN.match(between)
        korean = _KO_FROM_BETWEEN.match(between) and _KO_TO_AFTER.match(text[target.end :])
        if english or korean:
            found.append(origin)
    # "ACA에는 … 안 올라가서 AKS로 옮기려고요", "ACA can't run it, so we're moving to AKS": a place
    # the sentence moves to leaves every place named before it in that sentence behind.
    for target in places:
        ko_target = _KO_TO_AFTER.match(text[target.end :])
        if not (ko_target or _MOVE_TO_BEFORE.search(text[: target.start])):
            continue
        sentence_start = max(
            (m.end() for m in _SENTENCE_END.finditer(text, 0, target.start)), default=0
        )
        found += [
            m
            for m in places
            if sentence_start <= m.start < target.start
            and not _members(m, families) & _members(target, families)
            and m not in found
        ]
    return found


_MOVE_TO_BEFORE = re.compile(
    r"(?:^|\s)(?:mov(?:e|ed|ing)|migrat(?:e|ed|ing)|switch(?:ed|ing)?|go(?:ing)?|port(?:ed|ing)?)"
    r"(?:\s+(?:it|them|this|everything|over|our\s+\S+|the\s+\S+)){0,2}\s+(?:to|onto)\s+(?:the\s+)?$"
)
_SENTENCE_END = re.compile(r"[.?!](?:\s+|$)")


_LIKE_BEFORE = re.compile(r"(?:^|\s)(?:just like|like|unlike)(?:\s+\S+){0,3}\s+(?:on|in|with)\s+$")
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
        or (mention.ref.type == "isolation" and _not_installed(after, markers))
    )


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
def _head_pattern(words: tuple[str, ...], gap: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A marker after an optional particle; with `gap`, after one or two gap words first."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if not gap:
        return re.compile(rf"\s*{_PARTICLE}\s*(?:{alternatives})")
    gaps = "|".join(re.escape(w) for w in sorted(gap, key=len, reverse=True))
    return re.compile(rf"\s*(?:(?:{gaps}){_PARTICLE}\s*){{1,2}}(?:{alternatives})")
