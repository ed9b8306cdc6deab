"""Roles: a Windows version is a host or an image depending on the words around it ("2022
host", "ltsc2019 image", "on Windows Server 2022", "호스트에서"); a tag such as `ltsc2019` is an
image; "Windows" is a host or a container OS."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.compat.extract.context import ARTICLES, ExtractCtx
from assistant.compat.lexicon import Mention, has_phrase, normalize, phrase_anchor, phrase_pattern
from assistant.compat.schema import LINUX, WINDOWS, WINDOWS_SERVER, Aliases

_CONJUNCTION = re.compile(r"^(?:and|or|&|/|및|과|와)\s*")
_GLUED_SETTING = re.compile(r"(?<![\w\-])[\w\-]*[a-z][\w\-]*[_=]$")


@dataclass
class Roles:
    hosts: list[tuple[int, str, int]] = field(default_factory=list)
    """(start, host id, rank: 0 specific version, 1 host, 2 generic)."""
    images: list[tuple[int, str]] = field(default_factory=list)
    containers: list[tuple[int, str]] = field(default_factory=list)


def roles(
    ctx: ExtractCtx,
    text: str,
    mentions: list[Mention],
    by_type: dict[str, list[Mention]],
    has_platform: bool,
    node_versions: bool = False,
) -> Roles:
    found = Roles()
    for mention in by_type.get("host", []):
        found.hosts.append((mention.start, mention.ref.id, 1))
    for mention in by_type.get("container_os", []):
        found.containers.append((mention.start, mention.ref.id))
    undecided: list[Mention] = []
    previous: tuple[Mention, str | None] | None = None
    versions = by_type.get("windows_version", [])
    for position, mention in enumerate(versions):
        rebuilt = previous is not None and rebuilds(text, previous[0], mention)
        role = previous[1] if previous is not None and rebuilt else None
        if any(rebuilds(text, mention, later) for later in versions[position + 1 : position + 2]):
            # "이미지를 ltsc2019에서 ltsc2022로 다시 빌드하면": the version left is the image's too,
            # whatever "에서" or "on" after it would say on its own.
            role = "image"
        role = role or context_role(ctx, text, mention, mentions)
        if role is None and previous is not None and _restates(text, previous[0], mention):
            # "17763 빌드(WS2019)", "1809 / ltsc2019": the same version said twice, one role;
            # one not decided yet ("Windows Server 2025(26100)로") is decided once, for both.
            if previous[1] is None:
                continue
            role = previous[1]
        if role is None and _restates_the_host(ctx, text, mention, mentions):
            # "Host: Windows Server 2022 Datacenter, build 10.0.20348": the build of the host.
            role = "host"
        if role is None and previous is not None and moves(text, previous[0], mention):
            # "호스트를 Windows Server 2019에서 2022로": the version the host moves to.
            role = previous[1]
        target = _moving_to(text, mention, by_type.get("windows_version", []))
        if role != "image" and target is None and _moving_to(text, mention, _machines(mentions)):
            # "from Windows Server 2019 to Windows 11": the version left names no machine now.
            previous = (mention, None)
            continue
        if role is None and target is not None:
            # "from Windows Server 2019 to Windows Server 2022": the version left has the role
            # of the one moved to (slots.py then takes the later one).
            role = context_role(ctx, text, target, mentions) or "host"
        previous = (mention, role)
        if role is None and mention.form == "year":
            continue  # a bare year only counts next to "host"/"image" or after "on"
        if role is None and mention.form in {"tag", "build"}:
            role = "image"
        if role == "host":
            found.hosts.append((mention.start, mention.ref.id, 0))
        elif role == "image":
            found.images.append((mention.start, mention.ref.id))
        else:
            undecided.append(mention)
    decided = {start: "host" for start, _, rank in found.hosts if rank == 0}
    decided |= {start: "image" for start, _ in found.images}
    for mention in list(undecided):
        # "Windows Server 2022 (20348) 호스트에서": the bracketed build said what the name is.
        said_again = [v for v in versions if v.start in decided and _restates(text, mention, v)]
        if said_again:
            undecided.remove(mention)
            role = decided[said_again[0].start]
            if role == "host":
                found.hosts.append((mention.start, mention.ref.id, 0))
            else:
                found.images.append((mention.start, mention.ref.id))
    for index, mention in enumerate(undecided):
        if has_platform and node_versions:
            # "Windows Server 2019 on AKS": managed platforms offer versions as node OS.
            found.hosts.append((mention.start, mention.ref.id, 0))
        elif has_platform or found.hosts:
            found.images.append((mention.start, mention.ref.id))
        elif found.images or (len(undecided) > 1 and index > 0):
            found.hosts.append((mention.start, mention.ref.id, 0))
        elif len(undecided) > 1:
            found.images.append((mention.start, mention.ref.id))
        else:
            found.hosts.append((mention.start, mention.ref.id, 0))
    for mention in by_type.get("os_word", []):
        role = context_role(ctx, text, mention, mentions)
        host = ctx.tables.hosts[mention.ref.id]
        container = LINUX if host.native_os == LINUX else WINDOWS
        default_host = host.kind == WINDOWS_SERVER and not has_platform
        if role == "host" or (role is None and default_host):
            found.hosts.append((mention.start, mention.ref.id, 2))
        else:
            found.containers.append((mention.start, container))
    return found


_RESTATING_GAP = re.compile(
    # "WS2022 - 20348", "WS2022 (build 20348)", "1809 / ltsc2019"
    r"^[\s(\[/,\-–—]*(?:build|빌드|aka|or|i\.e\.|=)?[\s(\[/,\-–—]*$"
    # "1809 boxes (10.0.17763)": the same version in brackets after the noun it described.
    r"|^\s+(?:[^\s()]+\s+){0,1}[^\s()]+\s*[(\[]\s*(?:build\s+|빌드\s*)?$"
)


def _restates_the_host(
    ctx: ExtractCtx, text: str, mention: Mention, mentions: list[Mention]
) -> bool:
    """A build number right after a host or host edition ("…2022 Datacenter, build 20348")."""
    before = [m for m in mentions if m.end <= mention.start]
    if not before:
        return False
    last = max(before, key=lambda m: m.end)
    if last.ref.type not in ("host", "edition") or not _RESTATING_GAP.match(
        text[last.end : mention.start]
    ):
        return False
    # Only the same version: "Windows 11 24H2 (build 26100)" is a client build, not Server 2025's.
    said = text[last.start : last.end]
    named = {m.ref.id for m in ctx.lexicon.find(said) if m.ref.type == "windows_version"}
    # An edition's name holds its version as a year ("windows server 2022 datacenter").
    year = mention.ref.id.removeprefix("ws")
    same = mention.ref.id in named or (year.isdigit() and year in said and "server" in said)
    if not same:
        return False
    return last.ref.type == "host" or context_role(ctx, text, last, mentions) == "host"


def _restates(text: str, first: Mention, second: Mention) -> bool:
    if first.ref.id != second.ref.id or first.end > second.start:
        return False
    between = text[first.end : second.start]
    return bool(_RESTATING_GAP.match(between) or _IN_BRACKETS_AFTER.match(between))


# "노드가 Windows Server 2019예요(RuntimeClass의 windows-build가 10.0.17763)": the same version
# inside brackets that open right after a name (a copula glued to it at most) is that name's.
_IN_BRACKETS_AFTER = re.compile(r"^[가-힣]{0,3}\s*[(\[][^()\[\]]{0,60}$")


_FROM_BEFORE = re.compile(r"(?:^|\s)from\s+(?:\S+\s+){0,2}$")
# "Our 2019 hosts were upgraded to 2022": the version named first is the one left.
_UPGRADED_TO_BETWEEN = re.compile(
    r"^\s+(?:\S+\s+){0,3}?(?:upgraded|moved|migrated|switched|updated|bumped)"
    r"\s+(?:\S+\s+)?(?:to|onto)\s+(?:\S+\s+)?$"
)
# "Windows Server 2019 호스트를 지난주에 2022로 업그레이드했어요": the hosts moved to the second.
_KO_OBJECT_TO = re.compile(
    r"^\s*(?:호스트|노드|노드풀|노드 풀|서버|머신)(?:를|을)\s+(?:\S+\s+){0,2}$"
)
_KO_UPGRADE_END = re.compile(
    r"^(?:으로|로)\s*(?:업그레이드|올렸|올려|올리|바꿨|바꿔|바꾸|옮겼|옮기|교체|전환)"
)
_TO_BETWEEN = re.compile(r"^\s+(?:\S+\s+){0,2}?(?:to|into|onto)\s+(?:\S+\s+){0,1}$")


_KO_FROM_TO = re.compile(r"^(?:\s*\S+)?\s*에서\s*$")
_KO_TO_END = re.compile(r"^(?:으로|로)(?![^\s?.,!])")


# "rebuilt our ltsc2019 image on servercore:ltsc2022", "ltsc2019 이미지를 ltsc2022로 다시 빌드하면":
# the image is rebuilt on the second version.
_REBUILD_BEFORE = re.compile(
    # "rebased the API image from ltsc2019 onto …": a few words may name what is rebuilt.
    r"(?:^|\s)(?:re-?build(?:ing|s)?|rebuilt|re-?bas(?:e|ed|es|ing))\s+(?:\S+\s+){0,4}$"
)
# "The ltsc2019 image was rebuilt on ltsc2022", "our 2019 images got rebased onto 2022".
_REBUILT_BETWEEN = re.compile(
    r"^\s+(?:\S+\s+){0,2}?(?:was|were|got|has been|have been|is|are|now)\s+"
    r"(?:re-?built|re-?based)\s+(?:on|onto|on top of|to|for)\s+(?:(?:the\s+)?[\w.\-/]+:)?$"
)
_ONTO_BETWEEN = re.compile(
    r"^\s+(?:\S+\s+){0,2}?(?:on|onto|on top of|to|from|with)\s+(?:(?:the\s+)?[\w.\-/]+:)?$"
)
_KO_REBUILD_END = re.compile(
    # An explicit re-build: "ltsc2022로 빌드한 이미지" is how the image was built, not a change.
    r"^\s*(?:기반으로|베이스로|으로|로)\s*(?:(?:다시|새로)\s*빌드|재빌드|리빌드)"
)
_KO_OBJECT_GAP = re.compile(r"^(?:\s*\S+)?\s*$")


def moves(text: str, first: Mention, second: Mention) -> bool:
    """Whether the words say `first` is left for `second`: "from 2019 hosts to 2022",
    "2019에서 2022로", "2022 노드에서 2025로", "rebuilt our 2019 image on ltsc2022"."""
    if first.ref.id == second.ref.id or first.end > second.start:
        return False
    between = text[first.end : second.start]
    english = _FROM_BEFORE.search(text[: first.start]) and _TO_BETWEEN.match(between)
    korean = _KO_FROM_TO.match(between) and _KO_TO_END.match(text[second.end :])
    upgraded = _UPGRADED_TO_BETWEEN.match(between) or (
        _KO_OBJECT_TO.match(between) and _KO_UPGRADE_END.match(text[second.end :])
    )
    return bool(english or korean or upgraded or rebuilds(text, first, second))


def rebuilds(text: str, first: Mention, second: Mention) -> bool:
    """Whether the words say an image of `first` is rebuilt on `second` ("rebuilt our ltsc2019
    image on ltsc2022"): "on" names the new base there, not a host."""
    if first.ref.id == second.ref.id or first.end > second.start:
        return False
    between = text[first.end : second.start]
    english = _REBUILD_BEFORE.search(text[: first.start]) and _ONTO_BETWEEN.match(between)
    korean = _KO_OBJECT_GAP.match(between) and _KO_REBUILD_END.match(text[second.end :])
    return bool(english or korean or _REBUILT_BETWEEN.match(between))


def _machines(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.ref.type in ("host", "edition")]


def _moving_to(text: str, mention: Mention, versions: list[Mention]) -> Mention | None:
    later = [m for m in versions if m.start >= mention.end]
    target = min(later, key=lambda m: m.start, default=None)
    return target if target is not None and moves(text, mention, target) else None


def context_role(
    ctx: ExtractCtx, text: str, mention: Mention, mentions: list[Mention] | None = None
) -> str | None:
    """The role, "host" or "image", or None (the words around the mention do not say)."""
    markers = ctx.markers
    after = text[mention.end : mention.end + 40]
    # Not past a comma: in "image build 26100, host build 20348" the host word is the next item's.
    after = re.sub(r"^[\s\-:()'\"]+", "", after)
    after = re.sub(r"^의\s*", "", after)
    # "Linux and Windows Server node pools": the word after the pair decides for both.
    partner = _CONJUNCTION.match(after)
    if partner and mentions:
        start = (
            mention.end
            + (len(text[mention.end :]) - len(text[mention.end :].lstrip()))
            + partner.end()
        )
        following = next(
            (m for m in mentions if m.start >= mention.end and m.start <= start + 1), None
        )
        if following is not None and following.ref.type in {"os_word", "windows_version", "host"}:
            return context_role(ctx, text, following)
    for words in _after_version_nouns(after, markers.version_nouns):
        # "26100 빌드 호스트에서", "a 17763 build image": the role word follows the noun.
        if has_phrase(words, markers.host_after, where="start"):
            return "host"
        if has_phrase(words, markers.image_after, where="start"):
            return "image"
    if has_phrase(after, markers.place_after, where="start"):
        return "host"
    before = text[max(0, mention.start - 40) : mention.start]
    # A flag or enum value ("os_version_ltsc2019", "--windows-os-version=ltsc2019") glues the
    # version to its setting's name: the role words stand before that name.
    before = _GLUED_SETTING.sub("", before)
    trimmed = re.sub(r"\s+$", "", before)
    for words in _through_version_nouns(trimmed, markers.version_nouns):
        if has_phrase(words, markers.image_before, where="end"):
            return "image"
        if has_phrase(words, markers.host_before, where="end"):
            return "host"
    words = "|".join(re.escape(normalize(w)) for w in markers.place_before.en)
    if words and re.search(rf"(?:^|\s)(?:{words})\s+{ARTICLES}$", before):
        return "host"
    return None


def _after_version_nouns(after: str, nouns: Aliases) -> list[str]:
    """The words after a version as written, then past a leading "build" / "빌드"."""
    for noun in sorted({*nouns.en, *nouns.ko}, key=len, reverse=True):
        match = phrase_pattern(noun).match(after)
        if match and match.end() < len(after) and after[match.end()].isspace():
            return [after, after[match.end() :].lstrip()]
    return [after]


def _through_version_nouns(before: str, nouns: Aliases) -> list[str]:
    """The words before a version as written, then without a trailing "build" / "version":
    "our hosts are build" ends in the host words "hosts are" once "build" is looked through."""
    for noun in sorted({*nouns.en, *nouns.ko}, key=len, reverse=True):
        if phrase_anchor(noun) not in before:
            continue
        ending = [m for m in phrase_pattern(noun).finditer(before) if m.end() == len(before)]
        if ending:
            return [before, before[: ending[0].start()].rstrip()]
    return [before]
