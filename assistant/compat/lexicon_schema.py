"""The schema of `lexicon.yaml`: the names of every entity in English and Korean, the families
that group platforms, and the marker words that carry intent and roles. Validated by
`assistant.compat.tables`, compiled by `assistant.compat.lexicon`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assistant.compat.schema import _SLUG, Aliases, Strict, Text

EntityType = Literal[
    "platform",
    "family",
    "workload",
    "base_image",
    "windows_version",
    "host",
    "isolation",
    "arch",
    "edition",
    "container_os",
    "os_word",
    "generic",
]


class Implied(Strict):
    type: EntityType
    id: str


class LexiconEntry(Strict):
    type: EntityType
    id: str
    name: Text | None = None
    en: list[str] = Field(default_factory=list)
    ko: list[str] = Field(default_factory=list)
    form: Literal["name", "tag", "build", "year"] = "name"
    """How a Windows version is written: a tag or build is an image, a bare year needs context."""
    also: list[Implied] = Field(default_factory=list)
    general: bool = False
    """Also everyday words (Python, GPU): they count only next to a container word or entity."""
    shared: bool | None = None
    """Also the name of something outside containers (a distribution, an installation option, a
    hypervisor): alone it does not make a question one about containers. None: by type (OS
    versions, hosts, editions, arches and `general` names are shared; platforms, base images,
    image tags, isolation modes and container OSes are not)."""


class Family(Strict):
    id: str = Field(pattern=_SLUG)
    name: Text
    en: list[str] = Field(default_factory=list)
    ko: list[str] = Field(default_factory=list)
    shared: bool = False
    """A cloud or hypervisor named outside containers too (Azure, AWS, VMware)."""


class Markers(Strict):
    """Words that carry intent or context, not entities. Matched case-insensitively."""

    intent_strong: Aliases
    intent_weak: Aliases
    wh_question: Aliases
    wh_exceptions: Aliases
    yes_no_start: Aliases
    followup: Aliases
    anaphora: Aliases = Aliases()
    """Words that point back at the previous turn ("that", "those nodes", "그거")."""
    not_compat: Aliases = Aliases()
    """Properties that make a yes/no question a factual one ("a security boundary", "faster")."""
    host_after: Aliases
    host_before: Aliases
    image_after: Aliases
    image_before: Aliases = Aliases()
    """Words before a Windows version that make it the image ("built on ltsc2022", "the image
    is 2022"): checked before the host words, so "built on" is not read as "on" a host."""
    version_nouns: Aliases = Aliases()
    """Words between a role word and a version that say only what kind of number follows
    ("our hosts are build 17763", "노드는 빌드 20348"): looked through when reading the role."""
    place_before: Aliases
    place_after: Aliases
    default_isolation: Aliases = Aliases()
    """ "with the default isolation", "격리는 기본값으로": the mode is the host's default
    (hosts.yaml `default_isolation`: process on Windows Server, Hyper-V on Windows 10/11)."""
    container_context: Aliases
    kubernetes_objects: Aliases = Aliases()
    """Objects only Kubernetes has ("Windows pods", "securityContext", "DaemonSet"): a question
    that names one and no place asks about Kubernetes, whose rows then answer it."""
    unknown_stopwords: list[str]


class LexiconFile(Strict):
    """`lexicon.yaml` as written; `assistant.compat.lexicon.Lexicon` is its compiled form."""

    entities: list[LexiconEntry]
    families: list[Family]
    markers: Markers
    transliterations: dict[str, str] = Field(default_factory=dict)
    """Korean spellings of Latin words that Korean speakers also write in Latin ("홈": "home"):
    every Korean alias also matches with any of these words written either way, so "윈도우 11
    Home" is "윈도우 11 홈"."""
