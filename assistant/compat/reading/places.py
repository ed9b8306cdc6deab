"""Places a question names but does not ask about: stated in a sentence before the question,
only heard about, or moved away from; and the Windows versions that belong to them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.compat.lexicon import Mention, has_phrase, normalize
from assistant.compat.reading.schema import ClauseMarkers
from assistant.compat.reading.spans import asking_clause, clause_of, with_connective
from assistant.compat.schema import Platform


def stated_places(
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
    earlier = [m for m in places if m.start < start]
    nearest = (
        [m for m in earlier if clause_of(spans, m.start) == clause_of(spans, earlier[-1].start)]
        if earlier
        else []
    )
    pointed_back = has_phrase(text[start:end], markers.place_referents)
    if not asked and pointed_back:
        # "OpenShift on AWS에서는 … 잘 쓰고 있어요. 이번에 GCP에 OpenShift 하나 더 올리는데,
        # 거기서도 …?": "there" is the place of the nearest clause before, the others are
        # what the asker already has.
        asked = nearest
    if not asked:
        return []
    if pointed_back and all(m.ref.type == "family" for m in asked):
        # "… OpenShift on vSphere on-prem. Can WMCO add 2019 nodes over there?": the place the
        # nearest statement before names is the one asked, the family word only says which.
        asked += [m for m in nearest if members(m) & set().union(*(members(a) for a in asked))]
    reach = set().union(*(members(m) for m in asked))
    # What the asked names narrow to together ("OpenShift on Azure": OpenShift's Azure row).
    narrowed = set.intersection(*(members(m) for m in asked))
    # Only a stated family narrows; a stated platform of the asked family is one case of the
    # family's answer ("AKS Automatic works. Will AKS …?" asks about AKS, conditions and all).
    # A stated family that narrows the asked place to another row is the asker's other cluster:
    # "Our vSphere OpenShift is 2022-only. Can OpenShift on Azure run 2019 nodes?"
    return [
        m
        for m in places
        if m not in asked
        and not _own_case(text, spans, m, narrowed, markers)
        and (
            m.ref.type == "platform"
            or not members(m) & reach
            or bool(narrowed)
            and not members(m) & narrowed
        )
    ]


def _own_case(
    text: str,
    spans: list[tuple[int, int]],
    mention: Mention,
    narrowed: set[str],
    markers: ClauseMarkers,
) -> bool:
    """A platform of the asked family that a statement about the asker's own setup names: "Our
    OpenShift on Azure cluster is on 4.10. Can we add Windows nodes with WMCO?" asks about it."""
    if mention.ref.type != "platform" or mention.ref.id not in narrowed:
        return False
    start, _ = spans[clause_of(spans, mention.start)]
    # Right before the name, at most one word between: "our OpenShift on Azure", "우리 회사
    # OpenShift"; not "We run Windows containers on AKS Automatic, but can AKS …?".
    before = text[start : mention.start].split()[-2:]
    return any(
        has_phrase(" ".join(before[i:]), markers.own, where="start") for i in range(len(before))
    )


def _members(mention: Mention, families: dict[str, list[str]]) -> set[str]:
    """The platforms a place name stands for ("moving to AWS" keeps App Runner, one of them)."""
    return set(families.get(mention.ref.id, [mention.ref.id]))


# "Windows Server 2022 host", "WS2022 물리 서버": a version named as the machine it runs.
_HOST_WORD_AFTER = re.compile(
    r"^\s*(?:[^\s,.?]+\s+)?"
    r"(?:hosts?|servers?|box(?:es)?|machines?|nodes?|호스트|서버|노드|머신)(?![a-z])"
)


def _a_place_of_its_own(text: str, mention: Mention) -> bool:
    """A place or a host the asking clause names: "AKS", "a standalone Windows Server 2022
    host". An image version ("베이스를 ltsc2025로") still runs on the place heard about."""
    if mention.ref.type in ("platform", "family", "host"):
        return True
    return mention.ref.type in ("windows_version", "os_word") and bool(
        _HOST_WORD_AFTER.match(text[mention.end :])
    )


def heard_of_places(
    text: str, spans: list[tuple[int, int]], named: list[Mention], markers: ClauseMarkers
) -> list[Mention]:
    """ "GKE는 Hyper-V 격리가 안 된다고 들었어요. 그럼 온프렘 WS2022 서버에서 --isolation=hyperv
    는 되나요?": a place the asker only heard about is context once the asking clause names a
    place or host of its own."""
    if len(spans) < 2:
        return []
    index = asking_clause(text, spans)
    # "GKE는 … 안 된다던데, EKS는 어때요? WS2025 AMI로 만들 수 있어요?": every clause that asks.
    asking = {index} | {i for i, (start, end) in enumerate(spans) if "?" in text[start:end]}
    ask_start, ask_end = spans[index]
    # "RKE2 윈도우 에이전트는 WS2022까지 된다던데 WS2025 머신을 에이전트로 붙일 수 있어요?": a host
    # joined to a cluster is no place of its own; the cluster heard about still is the place.
    joins = has_phrase(text[ask_start:ask_end], markers.cluster_members)
    if not any(
        any(spans[i][0] <= m.start < spans[i][1] for i in asking)
        and _a_place_of_its_own(text, m)
        and (m.ref.type in _PLACE_TYPES or not joins)
        for m in named
    ):
        return []
    found: list[Mention] = []
    for i, (start, end) in enumerate(spans):
        if i in asking or not has_phrase(with_connective(text, spans, i), markers.hearsay):
            continue
        found += [m for m in named if m.ref.type in _PLACE_TYPES and start <= m.start < end]
    return found


def versions_of_set_aside_places(
    text: str,
    spans: list[tuple[int, int]],
    named: list[Mention],
    context: list[Mention],
    markers: ClauseMarkers,
) -> list[Mention]:
    """ "ACI는 2019 이미지만 확실하다고 하던데, App Service에서는 ltsc2022 …?": a version in a
    statement about a place set aside is that place's, when the asking clause states its own.
    So is a version the asker only heard about ("ltsc2022는 된다고 들었는데, 이번에 베이스를
    ltsc2025로 올려서 …?")."""
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
        heard = has_phrase(with_connective(text, spans, i), markers.hearsay)
        if i != index and (heard or (places and all(m in context for m in places))):
            found += [m for m in versions if start <= m.start < end]
    return found


_FROM_BEFORE = re.compile(r"(?:^|\s)from\s+(?:the\s+|our\s+)?$")
_TO_BETWEEN = re.compile(r"^\s+(?:to|into|onto|over to)\s+(?:the\s+)?$")
_KO_FROM_BETWEEN = re.compile(r"^\s*(?:에서|에서는)\s*$")
_KO_TO_AFTER = re.compile(
    r"^\s*(?:으로|로)\s*(?:옮기|옮겨|옮길|이전|마이그레이션|전환|이사|넘어가|넘어갈|바꾸|바꿔|갈아타|가면|간다면|가려)"
)
_PLACE_TYPES = ("platform", "family")


def moved_from(text: str, named: list[Mention], families: dict[str, list[str]]) -> list[Mention]:
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


def name_words(platforms: Mapping[str, Platform], platform_id: str | None) -> set[str]:
    """ "AKS Standard … the Standard tier": a word of the asked place's own name is that place.
    Not a member's when a family is asked: "EKS … Can Auto Mode …?" names a member the reading
    did not place, and placing the words would answer for the family."""
    platform = platforms.get(platform_id or "")
    if platform is None:
        return set()
    return set(normalize(f"{platform.name.en} {platform.name.ko}").split())
