"""Find lexicon names in a question: case-insensitive, tolerant of spacing, Korean particles and
small typos in longer names ("Kubernets", "windows sever 2022")."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from assistant.compat.lexicon_schema import EntityType, LexiconEntry

# Re-exported: the readers import the phrase helpers with the lexicon's names.
from assistant.compat.phrases import PhraseIndex
from assistant.compat.phrases import has_phrase as has_phrase
from assistant.compat.phrases import normalize as normalize
from assistant.compat.phrases import phrase_anchor as phrase_anchor
from assistant.compat.phrases import phrase_matches as phrase_matches
from assistant.compat.phrases import phrase_pattern as phrase_pattern
from assistant.compat.tables import LEXICON_FILE, SOURCE_DIR, Tables
from assistant.errors import CorpusInvalid

_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9.+#]*[a-z0-9+#])?")
_DIGITS = re.compile(r"\d+")
_FUZZY_MIN = 7
"""Shorter names must match exactly; longer ones tolerate one typo (two from 12 letters)."""
_FIND_CACHE_SIZE = 4096
"""Texts `Lexicon.find` remembers: questions, their clauses, the passages writers quote."""


@dataclass(frozen=True)
class Ref:
    type: EntityType
    id: str


@dataclass(frozen=True)
class Mention:
    ref: Ref
    start: int
    end: int
    form: str = "name"
    also: tuple[Ref, ...] = ()
    fuzzy: bool = False
    shared: bool = False
    """The name is used outside containers too (see LexiconEntry.shared)."""


@dataclass
class _Alias:
    text: str
    compact: str
    entry: LexiconEntry
    ref: Ref
    latin: bool
    tokens: int
    shared: bool

    @property
    def key(self) -> str:
        """The alias without dots and hyphens, as fuzzy matching compares it."""
        return re.sub(r"[.\-]", "", self.compact)


@dataclass
class Lexicon:
    """The compiled lexicon: aliases of every entity and the marker phrases."""

    tables: Tables
    aliases: list[_Alias] = field(default_factory=list)
    names: dict[Ref, tuple[str, str]] = field(default_factory=dict)
    general: set[Ref] = field(default_factory=set)
    """Entities named in everyday talk too (Python, GPU): they need a container context."""
    vocabulary: set[str] = field(default_factory=set)
    """Every Latin word of every alias and marker: a window made only of these is not a typo."""
    fuzzy_candidates: dict[tuple[int, str], list[tuple[int, _Alias, str]]] = field(
        default_factory=dict
    )
    """Aliases long enough for typo matching, by (word count, first letter of the key), each
    with its position in `aliases` and its key: a window is compared only with aliases that
    could match it, instead of with all of them."""
    exact: PhraseIndex[_Alias] = field(default_factory=lambda: PhraseIndex([]))
    """`aliases`, filed for matching many at once against one text."""
    spellings: dict[Ref, tuple[str, ...]] = field(default_factory=dict)
    """Every alias of each entity, in `aliases` order."""

    @classmethod
    def build(cls, tables: Tables) -> Lexicon:
        lexicon = cls(tables)
        seen: dict[str, Ref] = {}
        spelled: set[str] = set()
        entries = list(tables.lexicon.entities)
        transliterations = tables.lexicon.transliterations
        # A derived spelling ("windows 11 home" from "윈도우 11 홈") yields to every written alias,
        # wherever in the file that alias comes: it must never cause a conflict error.
        spellings = [a for e in entries for a in [*e.en, *e.ko]]
        spellings += [a for f in tables.lexicon.families for a in [*f.en, *f.ko]]
        written_keys = {re.sub(r"[\s\-_]+", "", normalize(alias)) for alias in spellings}
        for family in tables.lexicon.families:
            entries.append(
                LexiconEntry.model_validate(
                    {
                        "type": "family",
                        "id": family.id,
                        "name": family.name.model_dump(),
                        "en": family.en,
                        "ko": family.ko,
                        "shared": family.shared,
                    }
                )
            )
        for entry in entries:
            ref = Ref(entry.type, entry.id)
            if entry.general:
                lexicon.general.add(ref)
            mixed = [
                (variant, False)
                for alias in entry.ko
                for variant in mixed_script_forms(normalize(alias), transliterations)
            ]
            for alias, written in [*((a, True) for a in [*entry.en, *entry.ko]), *mixed]:
                norm = normalize(alias)
                if not norm:
                    continue
                key = re.sub(r"[\s\-_]+", "", norm)
                if norm in spelled:
                    continue
                if not written and (key in written_keys or key in seen):
                    continue
                spelled.add(norm)
                if key in seen and seen[key] != ref:
                    other = seen[key]
                    raise CorpusInvalid(
                        f"{SOURCE_DIR}/{LEXICON_FILE}: alias '{alias}' names both "
                        f"{other.type} '{other.id}' and {ref.type} '{ref.id}'"
                    )
                seen[key] = ref
                compact = re.sub(r"[\s\-_/]+", "", norm)
                lexicon.aliases.append(
                    _Alias(
                        text=norm,
                        compact=compact,
                        entry=entry,
                        ref=ref,
                        latin=bool(re.fullmatch(r"[a-z0-9.+#\-_/ ]+", norm)),
                        tokens=len(_TOKEN.findall(norm)),
                        shared=_is_shared(entry),
                    )
                )
            if entry.name is not None:
                lexicon.names.setdefault(ref, (entry.name.en, entry.name.ko))
        lexicon.exact = PhraseIndex([(a.text, a) for a in lexicon.aliases])
        spellings_of: dict[Ref, list[str]] = {}
        for compiled_alias in lexicon.aliases:
            spellings_of.setdefault(compiled_alias.ref, []).append(compiled_alias.text)
        lexicon.spellings = {ref: tuple(texts) for ref, texts in spellings_of.items()}
        for order, compiled in enumerate(lexicon.aliases):
            if compiled.latin and len(compiled.compact) >= _FUZZY_MIN and compiled.tokens > 0:
                key = compiled.key
                bucket = lexicon.fuzzy_candidates.setdefault((compiled.tokens, key[:1]), [])
                bucket.append((order, compiled, key))
        markers = tables.lexicon.markers
        phrases = [a.text for a in lexicon.aliases] + list(markers.unknown_stopwords)
        for aliases in (
            markers.intent_strong,
            markers.intent_weak,
            markers.followup,
            markers.host_after,
            markers.image_after,
            markers.place_before,
        ):
            phrases += aliases.en
        for phrase in phrases:
            lexicon.vocabulary.update(_TOKEN.findall(normalize(phrase)))
        return lexicon

    # --- finding names ----------------------------------------------------------------------

    def __post_init__(self) -> None:
        # The reader looks at one question several times and the writers at the same passage
        # headings and sentences for question after question; the fuzzy typo pass was ~40% of a
        # warm answer's time (cProfile, issue 13). Mentions are frozen, so sharing them is safe.
        self._found = functools.lru_cache(maxsize=_FIND_CACHE_SIZE)(self._find)

    def find(self, text: str) -> list[Mention]:
        """Every entity named in `text` (already normalized), longest match first, no overlaps."""
        return list(self._found(text))

    def _find(self, text: str) -> tuple[Mention, ...]:
        found: list[Mention] = []
        for match, alias in self.exact.matches(text):
            found.append(
                Mention(
                    ref=alias.ref,
                    start=match.start(),
                    end=match.end(),
                    form=alias.entry.form,
                    also=tuple(Ref(a.type, a.id) for a in alias.entry.also),
                    shared=alias.shared,
                )
            )
        # A typo can split a long name into short exact matches ("windows sever 2022" holds
        # "windows" and "2022"); the longer fuzzy match wins, an exact one wins a tie.
        chosen = _without_overlaps(found + self._fuzzy(text))
        return tuple(sorted(chosen, key=lambda m: m.start))

    def _fuzzy(self, text: str) -> list[Mention]:
        tokens = list(_TOKEN.finditer(text))
        found: list[tuple[int, Mention]] = []
        sizes = {size for size, _ in self.fuzzy_candidates}
        for size in sizes:
            for i in range(len(tokens) - size + 1):
                window = tokens[i : i + size]
                if any(b.start() - a.end() > 1 for a, b in zip(window, window[1:], strict=False)):
                    continue
                if all(t.group(0) in self.vocabulary for t in window):
                    continue  # correctly spelled words: "containers on windows server" is no typo
                compact = re.sub(r"[.\-]", "", "".join(t.group(0) for t in window))
                digits = _DIGITS.findall(compact)
                for order, alias, key in self.fuzzy_candidates.get((size, compact[:1]), []):
                    limit = 1 if len(key) < 12 else 2
                    if abs(len(compact) - len(key)) > limit:
                        continue
                    if compact == key or digits != _DIGITS.findall(key):
                        continue
                    if edit_distance(compact, key, limit) <= limit:
                        mention = Mention(
                            ref=alias.ref,
                            start=window[0].start(),
                            end=window[-1].end(),
                            form=alias.entry.form,
                            also=tuple(Ref(a.type, a.id) for a in alias.entry.also),
                            fuzzy=True,
                            shared=alias.shared,
                        )
                        found.append((order, mention))
        # Alias order, then position: the order the overlap resolution has always seen.
        found.sort(key=lambda item: (item[0], item[1].start))
        return [mention for _, mention in found]

    def is_general(self, ref: Ref) -> bool:
        return ref in self.general

    def name(self, ref: Ref, language: str) -> str:
        """The display name of an entity, from its table row, or else the lexicon."""
        row_name = self._row_name(ref)
        if row_name is not None:
            return row_name[1] if language == "ko" else row_name[0]
        if ref in self.names:
            en, ko = self.names[ref]
            return ko if language == "ko" else en
        aliases = [a.entry for a in self.aliases if a.ref == ref]
        return aliases[0].en[0] if aliases and aliases[0].en else ref.id

    def _row_name(self, ref: Ref) -> tuple[str, str] | None:
        t = self.tables
        table: dict[str, object] = {
            "platform": t.platforms,
            "workload": t.workloads,
            "base_image": t.base_images,
            "windows_version": t.hosts,
            "host": t.hosts,
            "edition": t.editions,
        }.get(ref.type, {})  # type: ignore[assignment]
        row = table.get(ref.id) if isinstance(table, dict) else None
        name = getattr(row, "name", None)
        return (name.en, name.ko) if name is not None else None


def mixed_script_forms(norm: str, transliterations: Mapping[str, str]) -> list[str]:
    """`norm` with every non-empty set of its transliterated words written in Latin
    ("윈도우 11 홈" -> "windows 11 홈", "윈도우 11 home", "windows 11 home")."""
    words = norm.split(" ")
    swappable = [i for i, word in enumerate(words) if word in transliterations]
    forms: list[str] = []
    for count in range(1, len(swappable) + 1):
        for chosen in itertools.combinations(swappable, count):
            swapped = [transliterations[w] if i in chosen else w for i, w in enumerate(words)]
            forms.append(" ".join(swapped))
    return forms


# Names of these types are used outside containers as a rule: "Windows Server 2022", "Windows
# 11 Home". An image tag ("ltsc2022") is a container name whatever its type; a workload is
# shared when it is an everyday name (`general`: Python, IIS) or says so (.NET Framework).
_SHARED_TYPES = frozenset({"windows_version", "host", "edition", "os_word", "arch"})


def _is_shared(entry: LexiconEntry) -> bool:
    if entry.shared is not None:
        return entry.shared
    if entry.type == "windows_version" and entry.form == "tag":
        return False
    return entry.general or entry.type in _SHARED_TYPES


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.fuzzy, m.start)):
        if not _covered(mention.start, mention.end, chosen):
            chosen.append(mention)
    return chosen


def _covered(start: int, end: int, mentions: list[Mention]) -> bool:
    return any(start < m.end and m.start < end for m in mentions)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein with adjacent transpositions (optimal string alignment), `limit` + 1
    once past `limit`. rapidfuzz's C++ kernel: the pure-Python table was ~10% of an answer."""
    return int(OSA.distance(a, b, score_cutoff=limit))
