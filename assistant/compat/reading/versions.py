"""Versions the asker states, and names that give one slot two values.

"Our AKS cluster is on Kubernetes 1.31", "My laptop is on Windows 11 23H2": the number changes
the answer when a row has a bound for it, and no row has one today, so a stated version the
tables cannot place is reported and makes the verdict `unknown` instead of being dropped as a
number. A Windows feature update (21H2, 23H2, 24H2) is a version wherever it stands, unless a
lexicon name holds it ("Windows Server 23H2" is a host of its own).
"""

from __future__ import annotations

import re

from assistant.compat.lexicon import Mention, phrase_matches
from assistant.compat.reading.schema import VersionWords
from assistant.compat.reading.spans import clause_of

_FEATURE_UPDATE = re.compile(r"(?<![a-z0-9])\d{2}h[12](?![a-z0-9])")
_NUMBER = r"v?\d+\.\d+(?:\.\d+)?"
# Words between a versioned name and its number: "OpenShift is still on 4.13", "our AKS cluster
# is 1.29", "AKS 클러스터가 1.29인데". Short words only, never across a sentence.
_BETWEEN = (
    r"(?:가|는|은|이)?\s*(?:(?:version|버전|cluster|clusters|is|are|was|were|still|currently|"
    r"now|already|on|at|running|runs|upgraded|moved|to|v)\s+){0,4}"
)
_PLAIN = re.compile(r"^\s*(?:version\s+|버전\s*)?$")


def stated_versions(
    text: str,
    mentions: list[Mention],
    words: VersionWords,
    shown: str | None = None,
    heard: list[tuple[int, int]] | None = None,
) -> list[str]:
    """`text` is normalised and blanked of context; `mentions` are the lexicon's names in it;
    `shown` is the question as asked when its offsets match `text` (labels keep its case).
    `heard`: spans of what the asker reports others saying ("AKS docs say it needs 1.23+"):
    their versions are requirements quoted, not the asker's, once the rest states its own."""
    shown = shown if shown is not None and len(shown) == len(text) else text
    found: list[tuple[int, str]] = []
    for match in _FEATURE_UPDATE.finditer(text):
        if not inside_a_name(match.span(), mentions) and not restates_a_name(
            match.group(0), text, mentions
        ):
            found.append((match.start(), shown[match.start() : match.end()].upper()))
    for phrase in [*words.anchors.en, *words.anchors.ko]:
        for anchor in phrase_matches(phrase, text):
            tail = text[anchor.end() :]
            after = re.match(rf"{_BETWEEN}({_NUMBER})(?!\d|\.\d)", tail)
            if after:
                start = anchor.end() + after.start(1)
                if not inside_a_name((start, start + len(after.group(1))), mentions):
                    end = start + len(after.group(1))
                    # "OpenShift is still on 4.13" states "OpenShift 4.13".
                    between = text[anchor.end() : start]
                    label = (
                        shown[anchor.start() : end]
                        if _PLAIN.match(between)
                        else (f"{shown[anchor.start() : anchor.end()]} {shown[start:end]}")
                    )
                    found.append((start, label))
    own = [(start, label) for start, label in found if clause_of(heard or [], start) < 0]
    if own:
        found = own
    seen: dict[int, str] = {}
    for start, label in sorted(found):
        seen.setdefault(start, label)
    return list(dict.fromkeys(seen.values()))


# After a clause's start or a plain word of being / moving, never inside a build number
# ("10.0.17763.5936") or an image tag ("aspnet:4.8.1-windowsservercore").
_LOOSE = re.compile(
    r"(?:^|[,;(]\s*|[.:]\s+|(?<![a-z0-9])(?:is|are|was|were|on|at|to|still|currently|now)\s+)"
    rf"(?<![\d.:/])({_NUMBER})(?![\d.]*\d)(?![\w\-/:])(?!\s*(?:gb|gib|mb|tb|%))"
)


def loose_versions(text: str, mentions: list[Mention], taken: list[str]) -> list[str]:
    """Version numbers no name claims ("… on Google Cloud is on 4.11", "or is 4.11 too old?"):
    they are the place's own version when it has one (reader.py), or else a version no row can
    place, never a number to drop. Not after a word ("Python 3.12" is Python's)."""
    out: list[tuple[int, str]] = []
    for match in _LOOSE.finditer(text):
        number = match.group(1)
        if inside_a_name(match.span(1), mentions) or any(number in t for t in taken):
            continue
        out.append((match.start(1), number))
    # Right after a place's name: "We're on OpenShift on AWS 4.10" states the place's version.
    places = {m.end for m in mentions if m.ref.type in ("platform", "family")}
    for match in _AFTER_NAME.finditer(text):
        number = match.group(2)
        if match.start(1) not in places or inside_a_name(match.span(2), mentions):
            continue
        if not any(number in t for t in taken):
            out.append((match.start(2), number))
    return list(dict.fromkeys(number for _, number in sorted(out)))


_AFTER_NAME = re.compile(rf"(\s+)(?<![\d.:/]\s)({_NUMBER})(?![\d.]*\d)(?![\w\-/:])")


# "10.0.17763.437", "17763.6054", "14393.1914": a Windows build with its revision (patch level).
_BUILD_REVISION = re.compile(r"(?<![\d.])(?:10\.0\.)?(\d{5})\.(\d{1,5})(?![\d.]*\d)")


def differing_revisions(text: str) -> list[str]:
    """The build-and-revision numbers of a question that states one build at two revisions
    ("host 14393.1914, image 14393.1944"): what it asks is whether revisions must match."""
    found = [(m.group(0), m.group(1), m.group(2)) for m in _BUILD_REVISION.finditer(text)]
    builds = {build for _, build, _ in found}
    if len(found) < 2 or len(builds) != 1 or len({rev for _, _, rev in found}) < 2:
        return []
    return [label for label, _, _ in found]


def version_of(label: str, words: VersionWords) -> tuple[str, tuple[int, ...]] | None:
    """("kubernetes", (1, 25)) for "Kubernetes 1.25" or "AKS v1.25"; None when the anchor has no
    kind (reading.yaml `versions.kinds`) or the label is a feature update ("23H2")."""
    match = re.search(r"v?(\d+(?:\.\d+)+)\s*$", label)
    if match is None:
        return None
    head = re.sub(r"\s*(?:version|버전)\s*$", "", label[: match.start()].strip().lower()).strip()
    for kind, anchors in words.kinds.items():
        if head in {a.lower() for a in anchors}:
            return kind, parse_version(match.group(1))
    return None


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.lstrip("v").split("."))


def os_conflicts(text: str, mentions: list[Mention]) -> list[str]:
    """Container OS names of both kinds in the text the extractor reads: "Can a Linux container
    run a Windows .exe?", "리눅스 이미지를 윈도우 컨테이너 모드에서 …"."""
    kinds = {m.ref.id for m in mentions if m.ref.type == "container_os"}
    if len(kinds) < 2:
        return []
    return list(
        dict.fromkeys(text[m.start : m.end] for m in mentions if m.ref.type == "container_os")
    )


def arch_conflicts(text: str, mentions: list[Mention]) -> list[str]:
    """CPU architectures of two kinds in the asking clauses: "an amd64-only image on arm64
    nodes" names the image's and the host's, which the one `arch` slot cannot hold both of."""
    archs = [m for m in mentions if m.ref.type == "arch"]
    if len({m.ref.id for m in archs}) < 2:
        return []
    first: dict[str, str] = {}
    for m in archs:
        first.setdefault(m.ref.id, text[m.start : m.end])
    return list(first.values())


def restates_a_name(word: str, text: str, mentions: list[Mention]) -> bool:
    """ "Windows Server 23H2 호스트 … 그 23H2 호스트": a release (23H2, 24H2) that a name of the
    question already holds refers back to that name; it is no version of its own."""
    if not _FEATURE_UPDATE.fullmatch(word):
        return False
    pattern = re.compile(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])")
    return any(pattern.search(text[m.start : m.end]) for m in mentions)


def inside_a_name(span: tuple[int, int], mentions: list[Mention]) -> bool:
    """Whether the characters at `span` belong to a lexicon name ("2022" in "Windows Server
    2022"): a number there is the name's, not a version or a count of its own."""
    return any(m.start <= span[0] and span[1] <= m.end for m in mentions)


_VERSION_AFTER = re.compile(r"\s*(?:version\s+|버전\s*)?v?\d+\.\d+")


def versioned_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Upstream Kubernetes named with a version: the version is every Kubernetes platform's, so
    with another place named it is that place's version ("OpenShift 4.20 on AWS" is a place)."""
    places = [m for m in mentions if m.ref.type in ("platform", "family")]
    versioned = [
        m for m in places if m.ref.id == "kubernetes" and _VERSION_AFTER.match(text, m.end)
    ]
    others = {m.ref.id for m in places if m not in versioned}
    return [m for m in versioned if others and m.ref.id not in others]
