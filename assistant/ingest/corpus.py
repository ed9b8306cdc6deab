"""Loading the Markdown corpus: front matter validated into a typed model, body kept verbatim."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.errors import CorpusInvalid
from assistant.ingest.yaml_check import describe_yaml_error
from assistant.models import Language
from assistant.search.text import detect_language

DOCUMENT_DIRS = ("source", "notes")
"""Folders of `corpus/` whose Markdown is indexed. `source/` holds the user's own documents
unchanged, so front matter is optional there; our `notes/` must say where every fact comes from."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: pydantic then parses `checked`, and an impossible
    date (2026-02-30) is a field error with a line, not a raw ValueError from PyYAML."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatter(BaseModel):
    title: str = Field(min_length=1)
    topics: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    checked: date | None = None
    language: Language | None = None

    @field_validator("sources")
    @classmethod
    def _urls(cls, sources: list[str]) -> list[str]:
        for url in sources:
            if not url.startswith(("https://", "http://")):
                raise ValueError(f"source {url!r} is not an http(s) URL")
        return sources


@dataclass(frozen=True)
class CorpusDocument:
    path: str
    """Path as users see it in citations, e.g. `corpus/notes/gke.md`."""
    meta: FrontMatter
    body: str
    sha256: str
    language: Language

    @property
    def url(self) -> str | None:
        return self.meta.sources[0] if self.meta.sources else None


def corpus_files(corpus_dir: Path) -> list[Path]:
    files: list[Path] = []
    for folder in DOCUMENT_DIRS:
        files.extend(sorted((corpus_dir / folder).glob("*.md")))
    return files


def load_corpus(corpus_dir: Path) -> list[CorpusDocument]:
    """Every indexed document, validated. Raises CorpusInvalid naming each bad file."""
    if not corpus_dir.is_dir():
        raise CorpusInvalid(f"{corpus_dir}: corpus folder not found (set BERTH_CORPUS_DIR)")
    documents: list[CorpusDocument] = []
    problems: list[str] = []
    for file in corpus_files(corpus_dir):
        try:
            documents.append(load_document(file, corpus_dir))
        except CorpusInvalid as exc:
            problems.append(exc.message)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CorpusInvalid(problems[0] + more)
    if not documents:
        raise CorpusInvalid(
            f"{corpus_dir}: no Markdown documents under {', '.join(DOCUMENT_DIRS)}/"
        )
    return documents


def load_document(file: Path, corpus_dir: Path) -> CorpusDocument:
    shown = f"{corpus_dir.name}/{file.relative_to(corpus_dir).as_posix()}"
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusInvalid(f"{shown}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    sidecar = file.with_suffix(".meta.yaml")
    if sidecar.is_file() and not text.startswith("---"):
        # A user's document stays byte-for-byte unchanged; its metadata sits beside it.
        front = sidecar.read_text(encoding="utf-8")
        meta, _ = _split_front_matter(f"---\n{front}\n---\n", shown, required=False)
        body = text
    else:
        meta, body = _split_front_matter(text, shown, required=file.parent.name == "notes")
    language = meta.language or detect_language(body)
    return CorpusDocument(
        path=shown,
        meta=meta,
        body=body,
        sha256=hashlib.sha256(raw).hexdigest(),
        language=language,
    )


def _split_front_matter(text: str, shown: str, *, required: bool) -> tuple[FrontMatter, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise CorpusInvalid(f"{shown}: front matter is not closed by a '---' line")
        if required:
            raise CorpusInvalid(
                f"{shown}: missing YAML front matter (title, topics, sources, checked)"
            )
        return FrontMatter(title=_fallback_title(text, shown)), text
    front = match.group(1)
    try:
        data = yaml.load(front, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as exc:
        # The front matter starts on the file's line 2, after the opening '---'.
        reason = describe_yaml_error(exc, first_line=2).replace("not valid YAML: ", "")
        raise CorpusInvalid(f"{shown}: front matter is not valid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0]
        raise CorpusInvalid(f"{shown}: front matter is not valid YAML: {reason}") from None
    if not isinstance(data, dict):
        raise CorpusInvalid(f"{shown}: front matter must be a mapping of fields")
    try:
        meta = FrontMatter.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "front matter"
        line = _field_line(front, str(first["loc"][0])) if first["loc"] else None
        at = f" (line {line})" if line else ""
        raise CorpusInvalid(f"{shown}: front matter field '{field}'{at}: {first['msg']}") from None
    if required and not meta.sources:
        raise CorpusInvalid(f"{shown}: front matter field 'sources' must list at least one URL")
    if required and meta.checked is None:
        raise CorpusInvalid(f"{shown}: front matter field 'checked' (date) is required")
    return meta, text[match.end() :]


def _field_line(front: str, field: str) -> int | None:
    """The file line of a top-level front-matter key (front matter starts on line 2)."""
    pattern = re.compile(rf"^{re.escape(field)}[ \t]*:", re.MULTILINE)
    found = pattern.search(front)
    return front.count("\n", 0, found.start()) + 2 if found else None


def _fallback_title(text: str, shown: str) -> str:
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped[:80]
    return Path(shown).stem
