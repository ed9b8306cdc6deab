"""`corpus/compat/reading.yaml`: the words that let Berth read a whole question.

Two jobs: phrases that mark a clause as context, contrast, exclusion or hypothesis (so the entity
in it does not become the subject), and the words that carry no content of their own (so that
every other word must be placed — an entity, a feature, a marker — or the answer says it could
not place it).
"""

from __future__ import annotations

from pydantic import Field

from assistant.compat.schema import Aliases, Strict


class ClauseMarkers(Strict):
    contrast_before: list[str] = Field(default_factory=list)
    """English words before the contrasted name: "unlike GKE, …"."""
    contrast_after: list[str] = Field(default_factory=list)
    """Korean words after it: "GKE와 달리 …"."""
    exclusion_before: list[str] = Field(default_factory=list)
    """"not Autopilot", "without Hyper-V"."""
    exclusion_after: list[str] = Field(default_factory=list)
    """"애저 말고", "하이퍼V 안 쓰고"."""
    exclusion_gap: list[str] = Field(default_factory=list)
    """Words allowed between an exclusion word and its name ("not on Autopilot")."""
    exclusion_gap_after: list[str] = Field(default_factory=list)
    """Korean words allowed between a name and the ending that rules it out ("하이퍼V 역할
    설치 안 한 호스트": the role of the name, its installing)."""
    exclusion_like_gap: list[str] = Field(default_factory=list)
    """Words for "things like it" between a name and its exclusion ("Hyper-V VM 같은 거 하나도
    안 쓰고"): the name and whatever is like it are ruled out."""
    negation_after: list[str] = Field(default_factory=list)
    """Korean words after a feature that deny it of what follows ("도메인 조인 안 된 호스트":
    the host is not domain-joined). Features only: "EKS 안 된다던데" says nothing of EKS's
    place in the question."""
    context: Aliases
    """A clause with one of these states what already works ("our ltsc2019 images work fine")."""
    hypothetical: Aliases
    """ "if we port it to .NET 10": the clause names what the subject would become."""
    referents: Aliases = Aliases()
    """Pronouns an asking clause uses for a thing the sentence before it described ("We have a
    32-bit tool. Can it run …?"): that sentence is then part of what must be read."""
    hearsay: Aliases = Aliases()
    """A statement of what the asker heard about a place ("GKE는 Hyper-V 격리가 안 된다고
    들었어요. 그럼 온프렘 서버에서는 …?"): the place is context when the question names its own."""
    place_referents: Aliases = Aliases()
    """Words an asking clause uses for a place the sentence before it named ("We also have
    OpenShift on vSphere. Can WMCO add 2019 nodes over there?"): that place is the one asked."""
    cluster_members: Aliases = Aliases()
    """Words that make a host named in the asking clause a member of a cluster ("붙일 수 있어요
    에이전트로", "add it as a worker node"): the cluster heard about is still the place."""
    one_pod: Aliases = Aliases()
    """Words that put the containers named in one pod ("both containers in one pod", "같은
    파드에"): with both OSes named, the question is about a pod mixing them."""
    node_words: Aliases = Aliases()
    """Words after an OS name that make it the OS of machines, not of a container ("Linux
    nodes", "윈도우 노드"): a cluster with nodes of both OSes puts no two OSes in one pod."""
    own: Aliases = Aliases()
    """Words of a statement about the asker's own setup ("Our OpenShift on Azure cluster is on
    4.10. Can we add Windows nodes with WMCO?"): a platform stated so is the one a family word
    in the question ("WMCO", "OpenShift") asks about, not another case of that family."""
    modes: Aliases = Aliases()
    """Words that make a statement about the other OS a statement of the mode a one-OS-at-a-time
    place is in ("switched Docker Desktop to Windows containers", "윈도우 컨테이너 모드")."""
    connectives: Aliases = Aliases()
    """Words that end a clause inside a sentence: English after a comma (", but will EKS …"),
    Korean as the ending of a word ("앱 서비스에서는 되던데, …", "안 되는 거 아는데 …")."""


class Filler(Strict):
    en: list[str] = Field(default_factory=list)
    """Whole English words (lower case) that carry no content for a compatibility question."""
    ko_stems: list[str] = Field(default_factory=list)
    """A Korean word whose stem starts with one of these carries no content."""
    ko_particles: list[str] = Field(default_factory=list)
    """Endings stripped from a Korean word before its stem is looked up (longest first)."""
    ko_counters: list[str] = Field(default_factory=list)
    """Suffixes glued to a number ("17763.4000대예요", "3개", "2년") that only say what it
    counts or that it is about that much: part of the number, not a content word."""


class ScopeWords(Strict):
    """What tells a question about containers from one that only names an OS (assistant/compat/
    reading/scope.py). Names of the lexicon count too: a platform or base image is ours, an OS
    version, a hypervisor or a language is `shared` (named outside containers as well)."""

    container: Aliases = Aliases()
    """Words that only mean containers: Docker, pod, Kubernetes, Dockerfile, registry."""
    ambiguous: Aliases = Aliases()
    """Words that mean containers unless an other-sense word is next to them: container, image."""
    other_senses: Aliases = Aliases()
    """Next to an ambiguous word, these give it another sense: an ISO or a photo image, a
    shipping container, a collection class."""
    window: int = 2
    """How many words either side of an ambiguous word an other-sense word may stand."""
    denied_before: list[str] = Field(default_factory=list)
    """Words before a container word that rule it out of the question, beyond the clause
    exclusions: "nothing container-related", "not about containers"."""
    denied_after: list[str] = Field(default_factory=list)
    """Words after one that do: "container-related … nothing", "컨테이너 얘기 아니에요"."""
    never_ours: Aliases = Aliases()
    """Subjects that are not ours even beside a container word: a logo's colour, a
    certification exam ("쿠버네티스 CKA 시험 준비", "Kubernetes logo hex colour")."""
    off_topic: Aliases = Aliases()
    """Subjects of a platform that are not what runs on it: billing, budgets, certificates,
    exams. A question that names only a platform and one of these is not ours ("Our GKE bill
    spiked. How do I set a budget alert?"); next to a container word it still is."""


class VersionWords(Strict):
    """Where a number is a version the asker states (assistant/compat/reading/versions.py)."""

    anchors: Aliases = Aliases()
    """Words a version number stands next to: "Kubernetes 1.31", "AKS 1.30", "kernel 5.4"."""
    kinds: dict[str, list[str]] = Field(default_factory=dict)
    """What a stated version is a version of, by its anchor: "AKS 1.30" and "쿠버네티스 1.29" are
    Kubernetes versions, "kernel 5.4" a kernel version. Rows bound versions by these kinds."""


class CountWords(Strict):
    """How many containers the asker wants at once (assistant/compat/reading/counts.py):
    "five Hyper-V containers", "컨테이너를 5개". Licences cap some counts per edition."""

    numbers: dict[str, int] = Field(default_factory=dict)
    """Number words, English and Korean ("three": 3, "다섯": 5); digits are read as written."""
    nouns: Aliases = Aliases()
    """What is counted: "containers", "컨테이너"."""
    counters: list[str] = Field(default_factory=list)
    """Korean counter words after a number ("5개")."""


class SizeWords(Strict):
    """Units of a stated image size ("a 12 GB image", "12기가 이미지"), as GB per unit."""

    units: dict[str, float] = Field(default_factory=dict)


class PolarityWords(Strict):
    """How a passage's sentence is told to affirm or deny (assistant/compat/consistency.py).

    Regular expressions, matched case-insensitively: English on word boundaries, Korean on the
    stem. A sentence with a `qualified` word (unless, only, 경우) is neither: it states a
    condition, which a conditional verdict already carries.
    """

    negative: Aliases = Aliases()
    positive: Aliases = Aliases()
    qualified: Aliases = Aliases()


class ReadingVocabulary(Strict):
    clauses: ClauseMarkers
    filler: Filler
    versions: VersionWords = VersionWords()
    counts: CountWords = CountWords()
    sizes: SizeWords = SizeWords()
    scope: ScopeWords = ScopeWords()
    polarity: PolarityWords = PolarityWords()
