"""Heading-aware chunking: a chunk knows its heading path, and a table row keeps its header."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.ingest.corpus import CorpusDocument
from assistant.models import Language

_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# Documents without Markdown headings (like the Korean source) title their sections "1. 제목".
_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\.\s+(\S.{0,60})$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    title: str
    section: str
    text: str
    url: str | None
    language: Language
    kind: str  # "text", "table" (a Markdown table row) or "row" (a compatibility-table row)
    english: str = ""
    """The glossary's English for the Korean terms of a Korean passage ("사용 사례" -> "use
    cases"), so English questions, and Korean ones in other words, find it too."""

    def search_text(self) -> str:
        """What both retrievers see: title and heading path give a bare paragraph its subject.
        A Markdown table row is seen as "header: cell" pairs: its pipes, dashes and emphasis
        marks pushed the seed's kernel row out of every dense top-k."""
        body = table_row_text(self.text) if self.kind == "table" else self.text
        english = f"\n{self.english}" if self.english else ""
        return f"{self.title} — {self.section}\n{body}{english}"

    def metadata(self) -> dict[str, str]:
        return {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "url": self.url or "",
            "language": self.language,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class _Block:
    headings: tuple[str, ...]
    text: str
    kind: str


def chunk_document(doc: CorpusDocument, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n\n", "\n", ". ", "다. ", " ", ""],
    )
    chunks: list[Chunk] = []
    pending: list[str] = []
    pending_headings: tuple[str, ...] = ()

    def flush() -> None:
        if pending:
            text = "\n\n".join(pending)
            if doc.language == "ko":
                text = _join_wrapped_korean(text)
            for piece in splitter.split_text(text) if len(text) > chunk_size else [text]:
                chunks.append(_make_chunk(doc, pending_headings, piece, "text"))
            pending.clear()

    for block in _blocks(doc.body):
        if block.kind == "table":
            flush()
            chunks.append(_make_chunk(doc, block.headings, block.text, "table"))
            continue
        joined = sum(len(p) for p in pending) + len(block.text)
        if block.headings != pending_headings or joined > chunk_size:
            flush()
            pending_headings = block.headings
        pending.append(block.text)
    flush()
    return _dedupe(chunks)


def table_row_text(text: str) -> str:
    """`| a | b |` under `| h1 | h2 |` reads as `h1: a; h2: b`."""
    rows = [line for line in text.splitlines() if line.strip().startswith("|")]
    if len(rows) < 3:
        return text
    header, row = _cells(rows[0]), _cells(rows[2])
    return "; ".join(f"{h}: {v}" if h else v for h, v in zip(header, row, strict=False) if v)


def _cells(row: str) -> list[str]:
    return [re.sub(r"[*`]", "", cell).strip() for cell in row.strip().strip("|").split("|")]


# The Korean seed wraps one sentence over several lines and paragraphs: "Docker Desktop은" /
# "Linux 컨테이너 모드(WSL2 기반)와" / "Windows 컨테이너 모드" / "를 전환해서 …". A line that
# starts with a particle, or follows one that ends in a subject or "and" particle, continues it.
_KO_PARTICLE_NEXT = re.compile(r"\s*\n+\s*(?=(?:를|을|이|가|은|는|와|과|로|으로|도|의|에)[\s.,])")
_KO_DANGLING = re.compile(r"(?<=\S은|\S는|\S와|\S과)\s*\n+\s*(?=\S)")


def _join_wrapped_korean(text: str) -> str:
    return _KO_DANGLING.sub(" ", _KO_PARTICLE_NEXT.sub("", text))


def _make_chunk(doc: CorpusDocument, headings: tuple[str, ...], text: str, kind: str) -> Chunk:
    section = " > ".join(headings) if headings else doc.meta.title
    digest = hashlib.sha256(f"{doc.path}\0{section}\0{text}".encode()).hexdigest()[:32]
    return Chunk(
        id=digest,
        source=doc.path,
        title=doc.meta.title,
        section=section,
        text=text.strip(),
        url=doc.url,
        language=doc.language,
        kind=kind,
    )


def _dedupe(chunks: list[Chunk]) -> list[Chunk]:
    # Identical rows under one heading would share an id; one copy is enough to find them.
    seen: set[str] = set()
    unique = []
    for chunk in chunks:
        if chunk.id not in seen and chunk.text:
            seen.add(chunk.id)
            unique.append(chunk)
    return unique


def _blocks(body: str) -> Iterator[_Block]:
    lines = body.splitlines()
    use_numbered = not any(_ATX_HEADING.match(line) for line in lines)
    headings: list[tuple[int, str]] = []
    paragraph: list[str] = []
    in_fence = False
    i = 0

    def path() -> tuple[str, ...]:
        return tuple(title for _, title in headings)

    def paragraph_block() -> Iterator[_Block]:
        if paragraph:
            yield _Block(path(), "\n".join(paragraph).strip(), "text")
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            paragraph.append(line)
            i += 1
            continue
        if in_fence:
            paragraph.append(line)
            i += 1
            continue
        heading = _ATX_HEADING.match(line)
        numbered = _NUMBERED_HEADING.match(line) if use_numbered else None
        if heading or numbered:
            yield from paragraph_block()
            level = len(heading.group(1)) if heading else 1
            title = heading.group(2) if heading else line.strip()
            headings = [(lvl, t) for lvl, t in headings if lvl < level]
            headings.append((level, _plain(title)))
            i += 1
            continue
        if _is_table_start(lines, i):
            yield from paragraph_block()
            header, separator = _row(lines[i]), _row(lines[i + 1])
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                yield _Block(path(), f"{header}\n{separator}\n{_row(lines[i])}", "table")
                i += 1
            continue
        if not line.strip():
            yield from paragraph_block()
        else:
            paragraph.append(line.rstrip())
        i += 1
    yield from paragraph_block()


def _is_table_start(lines: list[str], i: int) -> bool:
    return (
        lines[i].strip().startswith("|")
        and i + 1 < len(lines)
        and bool(_TABLE_SEPARATOR.match(lines[i + 1].strip()))
    )


def _row(line: str) -> str:
    # Column padding only aligns the source file; it would fill snippets and embeddings with blanks.
    return re.sub(r"\s*\|\s*", " | ", line.strip()).strip()


def _plain(title: str) -> str:
    # Emphasis and code marks only; underscores are part of names like x86_64.
    return re.sub(r"[*`]", "", title).strip()
