"""The hand-written gold set (eval/questions.yaml): its schema and loader.

Each item says what a right answer has, written from the sources (platform-facts.md, the Korean
seed), never copied from Berth's output. Expectations apply to the last turn of a conversation.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.models import Language, VerdictStatus

Category = Literal[
    "verdict",  # yes/no/conditional/unknown compatibility questions
    "version_matrix",  # host build x image build x isolation mode
    "factual",  # build numbers, image names, error codes, commands (verdict null)
    "multi_turn",  # follow-ups that only make sense with the earlier turns
    "paraphrase",  # the same needs in sloppy wording, abbreviations and typos
    "out_of_scope",  # must be declined
    "dictation",  # the question tries to dictate the answer
    "table",  # generated from a compatibility-table row (eval/tables.py), not hand-written
]
CATEGORIES: tuple[Category, ...] = (
    "verdict",
    "version_matrix",
    "factual",
    "multi_turn",
    "paraphrase",
    "out_of_scope",
    "dictation",
)
"""The hand-written categories of questions.yaml."""
REPORT_CATEGORIES: tuple[Category, ...] = (*CATEGORIES, "table")

Pattern = Literal[
    # The failure patterns of issue 9, so a suite's misses can be read per pattern.
    "feature",  # a specific capability or constraint of a platform decides the verdict
    "second_entity",  # a contrast, history or context clause names another entity
    "roles",  # host and image named in either order, by FROM / built on / build number
    "negation",  # exclusions and negations ("without Hyper-V", "애저 말고")
    "version",  # a stated Kubernetes / AKS version or Windows feature update
    "hypothetical",  # the question is about a changed app ("if we port it to .NET 10")
    "near_miss",  # mentions OS words but is not about containers (or its in-scope twin)
    "plain",  # a stranger's wording of a plain compatibility or factual question
]

DEFAULT_GOLD_PATH = Path(__file__).resolve().parent / "questions.yaml"

_SOURCE_RE = re.compile(r"^corpus/(notes|source|compat)/[a-z0-9][a-z0-9.\-]*\.(md|yaml)$")
# A basis names a corpus file (tables have underscores: base_images.yaml), then optionally where.
_BASIS_RE = re.compile(r"^corpus/(notes|source|compat)/[a-z0-9][a-z0-9._\-]*\.(md|yaml)(\s|$)")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_FACT_RE = re.compile(r"^([A-H]\d{1,2}|seed(:\d)?)$")


class GoldError(ValueError):
    """The gold file is malformed; the message names the item and the reason."""


def has_hangul(text: str) -> bool:
    return bool(_HANGUL_RE.search(text))


class GoldItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    category: Category
    language: Language = Field(description="Language the answer must be in (of the last turn).")
    question: str | None = None
    turns: list[str] | None = Field(
        default=None, description="A conversation; expectations apply to the last turn."
    )
    # A list allows several statuses where the sources themselves conflict (platform-facts marks
    # these [CONFLICT]); None means "not a compatibility question: no verdict expected".
    verdict: list[VerdictStatus | None] = Field(
        description="Acceptable verdict statuses; [null] for non-compatibility questions."
    )
    required: list[list[str]] = Field(
        default_factory=list,
        description="Any-of groups: each group needs one of its terms in the answer text.",
    )
    forbidden: list[str] = Field(
        default_factory=list,
        description="Claims that must not appear: a substring, or a regex prefixed 're:'.",
    )
    sources: list[list[str]] = Field(
        default_factory=list,
        description="Any-of groups of corpus paths; each group should be retrieved, may be cited.",
    )
    decline: bool = False
    ci: bool = False
    facts: list[str] = Field(
        default_factory=list, description="Ids in platform-facts.md (e.g. E13) or 'seed'."
    )
    gold_fact: list[str] = Field(
        default_factory=list,
        description="Any-of terms, quoted from the corpus text: the answer's first line must"
        " hold one (the first-line hit of issue 16).",
    )
    # Issue 9 fields (all optional, so questions.yaml is unchanged).
    basis: list[str] = Field(
        default_factory=list,
        description="Where the expected verdict comes from: a corpus path (optionally"
        " 'path § section') or an https URL.",
    )
    why: str | None = Field(default=None, description="One line: the fact that settles it.")
    patterns: list[Pattern] = Field(default_factory=list)
    pair: str | None = Field(
        default=None, description="Near-miss set: the id of the twin that shares its words."
    )
    row: str | None = Field(
        default=None, description="Generated items: the table fact they were generated from."
    )

    @field_validator("verdict", mode="before")
    @classmethod
    def _listify_verdict(cls, value: object) -> object:
        values = value if isinstance(value, list) else [value]
        # YAML 1.1 reads bare yes/no as booleans; the file stays readable without quoting them.
        return [({True: "yes", False: "no"}[v] if isinstance(v, bool) else v) for v in values]

    @field_validator("required", "sources", mode="before")
    @classmethod
    def _listify_groups(cls, value: object) -> object:
        # A bare string in a group list is a group of one.
        if isinstance(value, list):
            return [v if isinstance(v, list) else [v] for v in value]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> GoldItem:
        if (self.question is None) == (self.turns is None):
            raise ValueError("give exactly one of 'question' or 'turns'")
        if self.turns is not None and len(self.turns) < 2:
            raise ValueError("'turns' needs at least two turns")
        if (self.category == "multi_turn") != (self.turns is not None):
            raise ValueError("category multi_turn goes with 'turns', and only it")
        if (self.category == "out_of_scope") != self.decline:
            raise ValueError("category out_of_scope goes with decline: true, and only it")
        if not self.verdict or len(set(self.verdict)) != len(self.verdict):
            raise ValueError("'verdict' must list distinct statuses")
        if None in self.verdict and len(self.verdict) > 1:
            raise ValueError("null verdict cannot be mixed with statuses")
        if self.decline and (self.verdict != [None] or self.sources or self.required):
            raise ValueError("a declined item has verdict null, no sources and no required terms")
        if not self.decline and not self.sources and self.category != "table":
            # Generated table items may lack a note to retrieve; hand-written ones may not.
            raise ValueError("an answerable item needs expected sources")
        if self.gold_fact and (self.decline or any(not t.strip() for t in self.gold_fact)):
            raise ValueError("gold_fact needs terms, and a declined item has none")
        for group in (*self.required, *self.sources):
            if not group or any(not t.strip() for t in group):
                raise ValueError("empty group or term")
        for group in self.sources:
            for src in group:
                if not _SOURCE_RE.match(src):
                    raise ValueError(f"source {src!r} is not a corpus path")
        for pattern in self.forbidden:
            if pattern.startswith("re:"):
                try:
                    re.compile(pattern[3:])
                except re.error as exc:
                    raise ValueError(f"bad forbidden regex {pattern!r}: {exc}") from exc
        for fact in self.facts:
            if not _FACT_RE.match(fact):
                raise ValueError(f"fact id {fact!r} is not like 'E13' or 'seed'")
        for ref in self.basis:
            if not (ref.startswith("https://") or _BASIS_RE.match(ref)):
                raise ValueError(f"basis {ref!r} is neither a corpus path nor an https URL")
        last = self.last_turn
        if self.language == "ko" and not has_hangul(last):
            raise ValueError("language ko but the last turn has no Korean")
        if self.language == "en" and has_hangul(last):
            raise ValueError("language en but the last turn is Korean")
        return self

    @property
    def conversation(self) -> list[str]:
        return list(self.turns) if self.turns is not None else [self.question or ""]

    @property
    def last_turn(self) -> str:
        return self.conversation[-1]

    @property
    def is_compat(self) -> bool:
        return self.verdict != [None]

    @property
    def expected_sources(self) -> set[str]:
        return {s for group in self.sources for s in group}


class GoldSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    items: list[GoldItem]

    @model_validator(mode="after")
    def _unique_ids(self) -> GoldSet:
        dupes = [i for i, n in Counter(it.id for it in self.items).items() if n > 1]
        if dupes:
            raise ValueError(f"duplicate ids: {', '.join(sorted(dupes))}")
        return self

    def ci_subset(self) -> list[GoldItem]:
        return [it for it in self.items if it.ci]


def load_gold(path: Path = DEFAULT_GOLD_PATH) -> GoldSet:
    """Load and validate the gold file; errors name the item and the reason."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from exc
    try:
        return GoldSet.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _describe_location(raw, first["loc"])
        raise GoldError(f"{path}: {where}: {first['msg']}") from exc


def _describe_location(raw: object, loc: tuple[int | str, ...]) -> str:
    # Turn ('items', 12, 'verdict') into "item 'v-gke-netfx' field verdict" for a useful message.
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int) and isinstance(raw, dict):
        items = raw.get("items") or []
        item_id = items[loc[1]].get("id", f"#{loc[1]}") if loc[1] < len(items) else f"#{loc[1]}"
        rest = ".".join(str(p) for p in loc[2:])
        return f"item {item_id!r}" + (f" field {rest}" if rest else "")
    return ".".join(str(p) for p in loc) or "file"
