"""Mining coverage: every restrictive sentence of the corpus is a feature fact or a waiver.

A sentence that says something is not supported, cannot, requires, must, or is only available
under a condition is exactly what a generic platform verdict gets wrong. The detector finds them
in `corpus/notes/*.md` and the seed `corpus/source/*.md`; each must be encoded by a row of
`corpus/compat/features.yaml` (its `quote`) or listed in `corpus/compat/mining_waivers.yaml` with
the reason it is not a row. `berth eval` prints the summary and CI fails on an unlisted sentence.

Units of text: each Markdown table row (its cells joined by " | "), each list item and each
sentence of a paragraph. Headings and YAML front matter are skipped: a heading names the section
whose sentences are mined. Quotes are compared whitespace-normalised with `**` emphasis dropped,
and a quote covers a sentence when it is that sentence or a clause of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import CorpusInvalid

NOTES_GLOBS = ("notes/*.md", "source/*.md")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when present: the waiver file is long."""
WAIVERS_FILE = "mining_waivers.yaml"
FEATURES_FILE = "features.yaml"

# Word patterns that make a sentence restrictive. English is matched case-insensitively on word
# boundaries; Korean on the stem, since endings and particles vary ("지원하지 않습니다/않음").
_EN_PATTERNS = [
    r"not",
    r"\w+n't",
    r"cannot",
    r"unsupported",
    r"unavailable",
    r"only",
    r"requires?",
    r"required",
    r"must",
    r"needs?",
    r"no longer",
    r"no",
    r"none",
    r"never",
    r"blocked",
    r"rejects?",
    r"limited to",
    r"deprecated",
    r"retired",
    r"removed",
]
_KO_PATTERNS = [
    r"지원(?:하|되)지\s*않",
    r"않(?:습니다|는다|음|아요|는)",
    r"불가",
    r"수\s*없",
    r"없(?:습니다|음|다|어요|는)",
    r"(?:으로|로|에서|끼리|에만|만)만",
    r"만\s*(?:지원|가능|실행|사용)",
    r"필요",
    r"해야",
    r"반드시",
    r"제약",
    r"제한",
    r"못\s",
    r"안\s*(?:됩|돼|된)",
]
_RESTRICTIVE = re.compile(
    r"\b(?:" + "|".join(_EN_PATTERNS) + r")\b|" + "|".join(_KO_PATTERNS), re.IGNORECASE
)

# A sentence ends at . ! ? (and a closing quote or bracket) before whitespace and a capital,
# digit, quote, backtick or Hangul; abbreviations and version numbers are not ends.
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9\"“`(\[가-힣])")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "No.", "cf.", "U.S.")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Sentence:
    path: str
    """Corpus path, e.g. `corpus/notes/gke.md`."""
    line: int
    text: str


def normalise(text: str) -> str:
    """The form quotes are compared in: `**` emphasis dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def is_restrictive(text: str) -> bool:
    """Whether the sentence states a limit: not supported, cannot, only, requires, must, …"""
    return _RESTRICTIVE.search(text) is not None


def split_sentences(markdown: str) -> list[tuple[int, str]]:
    """(line, text) units of a Markdown document: table rows, list items, paragraph sentences."""
    units: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            start = paragraph[0][0]
            joined = " ".join(text.strip() for _, text in paragraph)
            units.extend((start, sentence) for sentence in _sentences(joined))
            paragraph.clear()

    for number, line in _body_lines(markdown):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            flush()
        elif stripped.startswith("|"):
            flush()
            if not _TABLE_SEPARATOR.match(stripped):
                cells = [cell.strip() for cell in stripped.strip("|").split("|")]
                units.append((number, " | ".join(cells)))
        elif _LIST_ITEM.match(line):
            flush()
            paragraph.append((number, _LIST_ITEM.sub("", line)))
        else:
            paragraph.append((number, line))
    flush()
    return [(number, text) for number, text in units if text]


def _body_lines(markdown: str) -> Iterable[tuple[int, str]]:
    lines = markdown.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            start = end + 1
    for index in range(start, len(lines)):
        yield index + 1, lines[index]


def _sentences(paragraph: str) -> list[str]:
    pieces: list[str] = []
    begin = 0
    for match in _END.finditer(paragraph):
        before = paragraph[begin : match.start() + 1]
        if before.endswith(_ABBREVIATIONS):
            continue
        pieces.append(paragraph[begin : match.end()].strip())
        begin = match.end()
    pieces.append(paragraph[begin:].strip())
    return [piece for piece in pieces if piece]


def detect(corpus_dir: Path) -> list[Sentence]:
    """Every restrictive sentence of the notes and the seed, in file and line order."""
    found: list[Sentence] = []
    for pattern in NOTES_GLOBS:
        for path in sorted(corpus_dir.glob(pattern)):
            shown = f"corpus/{path.relative_to(corpus_dir).as_posix()}"
            for line, text in split_sentences(path.read_text(encoding="utf-8")):
                if is_restrictive(text):
                    found.append(Sentence(shown, line, text))
    return found


# --- waivers and coverage ---------------------------------------------------------------------


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    note: str = Field(pattern=r"^corpus/(notes|source)/[^/]+\.md$")
    quote: str = Field(min_length=1)
    reason: str
    """A key of the file's `reasons:`."""
    fact: str | None = None
    """For `folded` and `duplicate`: the fact row that holds the sentence's content."""


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reasons: dict[str, str]
    waivers: list[Waiver]


@dataclass(frozen=True)
class Quoted:
    """A quote that covers sentences: a fact row's or a waiver's."""

    note: str
    quote: str
    by: str
    """`fact <id>` or `waiver (<reason>)`."""


@dataclass(frozen=True)
class Coverage:
    detected: list[Sentence]
    by_fact: list[Sentence]
    by_waiver: list[Sentence]
    unlisted: list[Sentence]
    stale: list[Quoted]
    """Waivers whose quote matches no detected sentence (the note changed, or the detector)."""

    @property
    def rate(self) -> float:
        return 1.0 if not self.detected else 1 - len(self.unlisted) / len(self.detected)


def load_waivers(compat_dir: Path) -> WaiverFile:
    path = compat_dir / WAIVERS_FILE
    shown = f"corpus/compat/{WAIVERS_FILE}"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506
    except FileNotFoundError:
        raise CorpusInvalid(f"{shown}: missing") from None
    except yaml.YAMLError as exc:
        raise CorpusInvalid(f"{shown}: not valid YAML ({str(exc).splitlines()[0]})") from None
    try:
        waivers = WaiverFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise CorpusInvalid(f"{shown}: {where}: {error['msg']}") from None
    for index, waiver in enumerate(waivers.waivers):
        if waiver.reason not in waivers.reasons:
            raise CorpusInvalid(f"{shown}: waiver #{index + 1}: unknown reason '{waiver.reason}'")
    return waivers


def fact_quotes(compat_dir: Path) -> list[Quoted]:
    from assistant.compat.feature_schema import load_feature_table

    table = load_feature_table(compat_dir / FEATURES_FILE)
    return [
        Quoted(fact.note, fact.quote, f"fact {fact.id}")
        for fact in table.facts
        if fact.note and fact.quote
    ]


def coverage(corpus_dir: Path) -> Coverage:
    compat_dir = corpus_dir / "compat"
    facts = fact_quotes(compat_dir)
    waivers = [
        Quoted(w.note, w.quote, f"waiver ({w.reason})") for w in load_waivers(compat_dir).waivers
    ]
    detected = detect(corpus_dir)
    used: set[Quoted] = set()
    by_note: dict[int, dict[str, list[tuple[str, Quoted]]]] = {}
    for key, quotes in ((0, facts), (1, waivers)):
        for q in quotes:
            by_note.setdefault(key, {}).setdefault(q.note, []).append((normalise(q.quote), q))

    def covering(sentence: Sentence, key: int) -> bool:
        text = normalise(sentence.text)
        candidates = by_note.get(key, {}).get(sentence.path, [])
        hits = [q for quote, q in candidates if quote in text]
        used.update(hits)
        return bool(hits)

    by_fact, by_waiver, unlisted = [], [], []
    for sentence in detected:
        if covering(sentence, 0):
            by_fact.append(sentence)
            covering(sentence, 1)  # a waiver beside a fact is not stale, only redundant
        elif covering(sentence, 1):
            by_waiver.append(sentence)
        else:
            unlisted.append(sentence)
    # A fact may quote a sentence the detector does not flag (an explicit "yes"); only waivers
    # exist for detected sentences, so only they can go stale.
    stale = [q for q in waivers if q not in used]
    return Coverage(detected, by_fact, by_waiver, unlisted, stale)


def render_coverage(cov: Coverage, limit: int = 20) -> str:
    """A few lines for `berth eval`: counts, then the unlisted sentences with file and line."""
    lines = [
        f"corpus mining: {len(cov.detected)} restrictive sentences, "
        f"{len(cov.by_fact)} encoded as feature facts, {len(cov.by_waiver)} waived, "
        f"{len(cov.unlisted)} unlisted (coverage {cov.rate:.2f})"
    ]
    for sentence in cov.unlisted[:limit]:
        lines.append(f"  unlisted {sentence.path}:{sentence.line}: {sentence.text}")
    if len(cov.unlisted) > limit:
        lines.append(f"  … and {len(cov.unlisted) - limit} more")
    for quoted in cov.stale[:limit]:
        lines.append(f"  stale {quoted.by} in {quoted.note}: {quoted.quote}")
    return "\n".join(lines)
