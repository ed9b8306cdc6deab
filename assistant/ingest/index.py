"""The on-disk index: a Chroma collection, a BM25 index and the chunk store, kept in step.

Ingest is incremental: chunk ids are content hashes, so only chunks that are new are embedded and
only chunks that are gone are deleted. A manifest records the corpus fingerprint; when it matches,
ingest returns before loading the model, so a no-op run takes milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from assistant.config import Settings
from assistant.errors import CorpusInvalid, IndexNotBuilt

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from langchain_core.embeddings import Embeddings

    from assistant.ingest.chunking import Chunk

# Bump when chunking or BM25 tokenizing changes: an index built the old way is then rebuilt
# (the vectors of unchanged chunks are kept, since their ids are content hashes).
MANIFEST_FORMAT = 2
_ADD_BATCH = 256


@dataclass(frozen=True)
class IndexLayout:
    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def chroma(self) -> Path:
        return self.root / "chroma"

    @property
    def lexical(self) -> Path:
        return self.root / "lexical"


class Manifest(BaseModel):
    format: int = MANIFEST_FORMAT
    embedding_model: str
    collection: str
    chunk_size: int
    chunk_overlap: int
    files: dict[str, str]
    """Every corpus file (Markdown, tables, glossary) and its sha256: the corpus fingerprint."""
    corpus_version: str
    chunk_count: int
    built_at: datetime


class IngestReport(BaseModel):
    up_to_date: bool
    files: int
    chunks: int
    embedded: int
    removed: int
    seconds: float
    corpus_version: str


def collection_name(model: str) -> str:
    """Chroma collection per embedding model, so switching models never mixes vectors."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model.rsplit("/", 1)[-1]).strip("-")[:40] or "model"
    digest = hashlib.sha256(model.encode()).hexdigest()[:8]
    return f"berth-{slug}-{digest}"


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    if not corpus_dir.is_dir():
        raise CorpusInvalid(f"{corpus_dir}: corpus folder not found (set BERTH_CORPUS_DIR)")
    return {
        f"{corpus_dir.name}/{path.relative_to(corpus_dir).as_posix()}": _sha256(path)
        for path in sorted(corpus_dir.rglob("*"))
        if path.is_file() and path.suffix in {".md", ".yaml", ".yml"}
    }


def corpus_version(fingerprint: dict[str, str]) -> str:
    joined = "\n".join(f"{path} {digest}" for path, digest in sorted(fingerprint.items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def read_manifest(layout: IndexLayout) -> Manifest:
    try:
        return Manifest.model_validate_json(layout.manifest.read_bytes())
    except FileNotFoundError:
        raise IndexNotBuilt(f"no index at {layout.root}") from None
    except (ValidationError, ValueError):
        raise IndexNotBuilt(f"the manifest at {layout.manifest} is corrupt") from None


def is_up_to_date(settings: Settings) -> bool:
    try:
        manifest = read_manifest(IndexLayout(settings.index_dir))
    except IndexNotBuilt:
        return False
    return (
        manifest.format == MANIFEST_FORMAT
        and manifest.embedding_model == settings.embedding_model
        and manifest.chunk_size == settings.chunk_size
        and manifest.chunk_overlap == settings.chunk_overlap
        and manifest.files == corpus_fingerprint(settings.corpus_dir)
        and (settings.chroma_url is not None or IndexLayout(settings.index_dir).chroma.is_dir())
    )


def open_chroma(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = IndexLayout(settings.index_dir).chroma
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def vector_store(client: ClientAPI, settings: Settings, embeddings: Embeddings) -> Any:
    from langchain_chroma import Chroma

    return Chroma(
        client=client,
        collection_name=collection_name(settings.embedding_model),
        embedding_function=embeddings,
        collection_configuration={"hnsw": {"space": "cosine"}},
    )


def ingest(
    settings: Settings,
    embeddings_factory: Callable[[], Embeddings],
    validators: Iterable[Callable[[Path], object]] = (),
) -> IngestReport:
    """Bring the index in line with the corpus. Validates everything before writing anything."""
    started = time.perf_counter()
    layout = IndexLayout(settings.index_dir)
    fingerprint = corpus_fingerprint(settings.corpus_dir)
    version = corpus_version(fingerprint)
    if is_up_to_date(settings):
        manifest = read_manifest(layout)
        return IngestReport(
            up_to_date=True,
            files=len(fingerprint),
            chunks=manifest.chunk_count,
            embedded=0,
            removed=0,
            seconds=time.perf_counter() - started,
            corpus_version=version,
        )

    from assistant.ingest.chunking import chunk_document
    from assistant.ingest.corpus import load_corpus
    from assistant.ingest.table_rows import table_row_chunks

    documents = load_corpus(settings.corpus_dir)
    for validate in validators:
        validate(settings.corpus_dir)
    chunks = [
        chunk
        for document in documents
        for chunk in chunk_document(document, settings.chunk_size, settings.chunk_overlap)
    ] + table_row_chunks(settings.compat_dir)

    from assistant.ingest.embeddings import LazyEmbeddings

    store = vector_store(open_chroma(settings), settings, LazyEmbeddings(embeddings_factory))
    existing = set(store.get(include=[])["ids"])
    wanted = {chunk.id for chunk in chunks}
    stale = sorted(existing - wanted)
    new = [chunk for chunk in chunks if chunk.id not in existing]
    if stale:
        store.delete(ids=stale)
    for start in range(0, len(new), _ADD_BATCH):
        batch = new[start : start + _ADD_BATCH]
        store.add_texts(
            texts=[chunk.search_text() for chunk in batch],
            metadatas=[chunk.metadata() for chunk in batch],
            ids=[chunk.id for chunk in batch],
        )

    _write_lexical(layout, chunks)
    _write_json_atomic(
        layout.manifest,
        Manifest(
            embedding_model=settings.embedding_model,
            collection=collection_name(settings.embedding_model),
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            files=fingerprint,
            corpus_version=version,
            chunk_count=len(chunks),
            built_at=datetime.now(UTC),
        ).model_dump_json(indent=2),
    )
    return IngestReport(
        up_to_date=False,
        files=len(fingerprint),
        chunks=len(chunks),
        embedded=len(new),
        removed=len(stale),
        seconds=time.perf_counter() - started,
        corpus_version=version,
    )


def read_chunks(layout: IndexLayout) -> list[Chunk]:
    from assistant.ingest.chunking import Chunk

    path = layout.lexical / "chunks.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [Chunk(**json.loads(line)) for line in lines if line.strip()]
    except FileNotFoundError:
        raise IndexNotBuilt(f"{path} is missing") from None
    except (ValueError, TypeError):
        raise IndexNotBuilt(f"{path} is corrupt") from None


def _write_lexical(layout: IndexLayout, chunks: list[Chunk]) -> None:
    """Chunk store and BM25 index, swapped in whole so a reader never sees half of them."""
    from dataclasses import asdict

    layout.root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lexical-", dir=layout.root))
    with (staging / "chunks.jsonl").open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    build_bm25([chunk.search_text() for chunk in chunks]).save(
        str(staging / "bm25"), show_progress=False
    )
    previous = layout.root / ".lexical-old"
    shutil.rmtree(previous, ignore_errors=True)
    if layout.lexical.exists():
        layout.lexical.rename(previous)
    staging.rename(layout.lexical)
    shutil.rmtree(previous, ignore_errors=True)


def build_bm25(texts: list[str]) -> Any:
    import bm25s

    from assistant.search.text import tokenize

    bm25 = bm25s.BM25()
    bm25.index([tokenize(text) for text in texts], show_progress=False)
    return bm25


def read_bm25(layout: IndexLayout) -> Any:
    import bm25s

    path = layout.lexical / "bm25"
    if not path.is_dir():
        raise IndexNotBuilt(f"{path} is missing")
    try:
        return bm25s.BM25.load(str(path), show_progress=False, verbosity=0)
    except (OSError, ValueError):
        raise IndexNotBuilt(f"{path} is corrupt") from None


def _write_json_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
