"""The on-disk index: one generation = a Chroma collection, a BM25 index, the chunk store and
the validated tables, built beside the served generation and switched to in one step.

Ingest is incremental: chunk ids are content hashes, so only chunks that are new are embedded; the
vectors of unchanged chunks are copied from the served generation's collection. A manifest records
the corpus fingerprint; when it matches, ingest returns before loading the model, so a no-op run
takes milliseconds. A generation is switched to only once its vectors, chunks and tables have been
checked by content (chunk ids and hashes, not counts), so a crash anywhere leaves the previous
generation served, whole (see `assistant.ingest.generations`).
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
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from assistant.config import Settings
from assistant.errors import CorpusInvalid, IndexNotBuilt
from assistant.ingest.chroma import open_chroma
from assistant.ingest.generations import (
    GenerationPointer,
    generation_dir,
    ingest_lock,
    new_generation_id,
    remove_generation_files,
    stale_generations,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from langchain_core.embeddings import Embeddings

    from assistant.ingest.chunking import Chunk

# Bump when chunking, BM25 tokenizing or the generation layout changes: an index built the old way
# is then rebuilt.
MANIFEST_FORMAT = 6
_READ_BATCH = 1000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IndexLayout:
    """The index folder, or one generation of it when `generation` is set (see `pinned`)."""

    root: Path
    generation: str | None = None

    @property
    def pointer(self) -> GenerationPointer:
        return GenerationPointer(self.root)

    def pinned(self) -> IndexLayout:
        """This layout fixed to one generation (the current one unless already fixed), so that
        every file read afterwards comes from the same build."""
        if self.generation is not None:
            return self
        generation = self.pointer.read()
        if generation is None:
            raise IndexNotBuilt(f"no index at {self.root}")
        return IndexLayout(self.root, generation)

    @property
    def folder(self) -> Path:
        pinned = self.pinned()
        assert pinned.generation is not None
        return generation_dir(self.root, pinned.generation)

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest.json"

    @property
    def lexical(self) -> Path:
        return self.folder / "lexical"

    @property
    def chroma(self) -> Path:
        """The embedded Chroma, shared by all generations (a collection each)."""
        return self.root / "chroma"


class Manifest(BaseModel):
    format: int = MANIFEST_FORMAT
    generation: str
    previous: str | None = None
    """The generation served before this one: kept on disk until the next switch."""
    embedding_model: str
    collection: str
    chunk_size: int
    chunk_overlap: int
    files: dict[str, str]
    """Every corpus file (Markdown, tables, glossary) and its sha256: the corpus fingerprint."""
    corpus_version: str
    chunk_count: int
    content_sha256: str
    """Digest of every chunk (id, text, metadata): what the generation is checked against."""
    tables_code: str | None = None
    """Key of the table code the saved tables were compiled with (None: no tables)."""
    built_at: datetime


class IngestReport(BaseModel):
    up_to_date: bool
    files: int
    chunks: int
    embedded: int
    removed: int
    seconds: float
    corpus_version: str
    generation: str = ""


def collection_name(model: str, generation: str | None = None) -> str:
    """Chroma collection per embedding model and generation, so neither switching models nor an
    unfinished build ever mixes vectors into the served collection."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model.rsplit("/", 1)[-1]).strip("-")[:40] or "model"
    digest = hashlib.sha256(model.encode()).hexdigest()[:8]
    base = f"berth-{slug}-{digest}"
    return f"{base}-{generation}" if generation else base


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


def content_digest(chunks: Iterable[Chunk]) -> str:
    digest = hashlib.sha256()
    for line in sorted(json.dumps(asdict(c), ensure_ascii=False, sort_keys=True) for c in chunks):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def read_manifest(layout: IndexLayout) -> Manifest:
    try:
        path = layout.manifest
        return Manifest.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise IndexNotBuilt(f"no index at {layout.root}") from None
    except (ValidationError, ValueError):
        raise IndexNotBuilt(f"the manifest of {layout.root} is corrupt") from None


def is_up_to_date(settings: Settings) -> bool:
    from assistant.ingest.compiled_tables import tables_code_key

    try:
        manifest = read_manifest(IndexLayout(settings.index_dir).pinned())
    except IndexNotBuilt:
        return False
    has_tables = settings.compat_dir.is_dir()
    return (
        manifest.format == MANIFEST_FORMAT
        and manifest.embedding_model == settings.embedding_model
        and manifest.chunk_size == settings.chunk_size
        and manifest.chunk_overlap == settings.chunk_overlap
        and manifest.files == corpus_fingerprint(settings.corpus_dir)
        and manifest.tables_code == (tables_code_key() if has_tables else None)
        and _vectors_present(settings, manifest)
    )


def _vectors_present(settings: Settings, manifest: Manifest) -> bool:
    """The served generation's vectors are where the settings say. A Chroma server is asked
    (one count, milliseconds): one emptied or reset since the last ingest must be rebuilt, not
    reported up to date. Unreachable is VectorStoreUnavailable (exit 2), not 'rebuild'."""
    if settings.chroma_url is None:
        return IndexLayout(settings.index_dir).chroma.is_dir()
    from chromadb.errors import NotFoundError

    from assistant.ingest.chroma import chroma_errors

    client = open_chroma(settings)
    with chroma_errors(settings):
        try:
            collection = client.get_collection(manifest.collection, embedding_function=None)
        except NotFoundError:
            return False
        return bool(collection.count() == manifest.chunk_count)


def vector_store(
    client: ClientAPI, settings: Settings, embeddings: Embeddings, collection: str | None = None
) -> Any:
    from langchain_chroma import Chroma

    return Chroma(
        client=client,
        collection_name=collection or collection_name(settings.embedding_model),
        embedding_function=embeddings,
        collection_configuration={"hnsw": {"space": "cosine"}},
    )


def ingest(
    settings: Settings,
    embeddings_factory: Callable[[], Embeddings],
    validators: Iterable[Callable[[Path], object]] = (),
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the index in line with the corpus: validate everything, build a new generation,
    check it by content, switch to it. Raises CorpusInvalid (nothing written) or IngestBusy."""
    say = progress or (lambda _phase: None)
    started = time.perf_counter()
    from assistant.ingest.shared import shared_index

    with (
        ingest_lock(settings.index_dir, settings.ingest_lock_wait_seconds),
        shared_index(settings) as shared,
    ):
        say("locked")
        from assistant.ingest.build import build_generation

        fingerprint = corpus_fingerprint(settings.corpus_dir)
        version = corpus_version(fingerprint)
        if is_up_to_date(settings):
            manifest = read_manifest(IndexLayout(settings.index_dir).pinned())
            return IngestReport(
                up_to_date=True,
                files=len(fingerprint),
                chunks=manifest.chunk_count,
                embedded=0,
                removed=0,
                seconds=time.perf_counter() - started,
                corpus_version=version,
                generation=manifest.generation,
            )
        built = build_generation(
            settings, embeddings_factory, validators, fingerprint, new_generation_id(), say
        )
        generation = built.manifest.generation
        if shared is not None:
            # Files first, pointer second: a replica never follows a pointer to a generation
            # it cannot copy.
            shared.publish(generation)
            shared.switch(generation)
            say("published")
        IndexLayout(settings.index_dir).pointer.switch(generation)
        say("switched")
        keep = collect_garbage(settings, built.manifest)
        if shared is not None:
            shared.keep_only(keep)
        say("collected")
        return IngestReport(
            up_to_date=False,
            files=len(fingerprint),
            chunks=built.manifest.chunk_count,
            embedded=built.embedded,
            removed=built.removed,
            seconds=time.perf_counter() - started,
            corpus_version=version,
            generation=generation,
        )


def collect_garbage(settings: Settings, current: Manifest) -> set[str]:
    """Delete every generation but the current one and the one it replaced (their folders and
    collections), and what an index of the flat layout (before generations) left behind.

    Only collections of generations this index folder holds are deleted: a Chroma server may
    hold other deployments' collections too."""
    root = settings.index_dir
    keep = {current.generation} | ({current.previous} if current.previous else set())
    client = open_chroma(settings)
    names = _collection_names(client)
    for generation in stale_generations(root, keep):
        # Collection first: a crash between the two leaves a folder, found again next time.
        for name in names:
            if name.startswith("berth-") and name.endswith(f"-{generation}"):
                client.delete_collection(name)
        remove_generation_files(root, generation)
    legacy = collection_name(current.embedding_model)
    if legacy in names:
        client.delete_collection(legacy)
    for leftover in ("manifest.json", "manifest.tmp", "tables.pickle"):
        (root / leftover).unlink(missing_ok=True)
    for leftover_dir in [root / "lexical", *root.glob(".lexical-*")]:
        shutil.rmtree(leftover_dir, ignore_errors=True)
    return keep


def _collection_names(client: ClientAPI) -> list[str]:
    names = []
    for item in client.list_collections():
        names.append(item if isinstance(item, str) else item.name)
    return names


def stored_digests(collection: Any) -> dict[str, str]:
    """sha256 of the stored document of every record in a Chroma collection, by id."""
    found: dict[str, str] = {}
    offset = 0
    while True:
        page = collection.get(limit=_READ_BATCH, offset=offset, include=["documents"])
        ids = page["ids"]
        for chunk_id, document in zip(ids, page["documents"] or [], strict=True):
            found[chunk_id] = _text_sha(document or "")
        if len(ids) < _READ_BATCH:
            return found
        offset += len(ids)


def expected_digests(chunks: Iterable[Chunk]) -> dict[str, str]:
    return {chunk.id: _text_sha(chunk.search_text()) for chunk in chunks}


def verify_vectors(collection: Any, chunks: list[Chunk], where: str) -> None:
    """The collection holds exactly these chunks, each with its own text; IndexNotBuilt if not."""
    stored = stored_digests(collection)
    wanted = expected_digests(chunks)
    if stored == wanted:
        return
    missing = len(wanted.keys() - stored.keys())
    extra = len(stored.keys() - wanted.keys())
    changed = sum(1 for k in wanted.keys() & stored.keys() if wanted[k] != stored[k])
    raise IndexNotBuilt(
        f"{where}: vectors do not match the chunks ({missing} missing, {extra} unexpected, "
        f"{changed} with other text)"
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


def write_lexical(folder: Path, chunks: list[Chunk]) -> None:
    """Chunk store and BM25 index of a generation being built."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lexical-", dir=folder))
    with (staging / "chunks.jsonl").open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    build_bm25([chunk.search_text() for chunk in chunks]).save(
        str(staging / "bm25"), show_progress=False
    )
    staging.rename(folder / "lexical")


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


def write_json_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
