"""Building one index generation in its own folder and Chroma collection, beside the served one.

Nothing here touches what is served: the new generation becomes visible only when `ingest`
switches the pointer, after `verify_generation` has read it back and checked it by content.
Each phase reports a marker through `say` (`berth ingest` prints them to stderr), which is also
what the fault-injection tests kill the process on.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import BerthError, IndexNotBuilt
from assistant.ingest.index import (
    IndexLayout,
    Manifest,
    Progress,
    collection_name,
    content_digest,
    corpus_version,
    open_chroma,
    read_chunks,
    read_manifest,
    verify_vectors,
    write_json_atomic,
    write_lexical,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from langchain_core.embeddings import Embeddings

    from assistant.compat import CompatEngine
    from assistant.ingest.chunking import Chunk
    from assistant.search.glossary import Glossary

_ADD_BATCH = 256


@dataclass(frozen=True)
class Built:
    manifest: Manifest
    embedded: int
    removed: int


def build_generation(
    settings: Settings,
    embeddings_factory: Callable[[], Embeddings],
    validators: Iterable[Callable[[Path], object]],
    fingerprint: dict[str, str],
    generation: str,
    say: Progress,
) -> Built:
    from assistant.ingest.compiled_tables import save_tables, tables_code_key
    from assistant.ingest.embeddings import LazyEmbeddings

    chunks, engine = _validated_chunks(settings, validators)
    say("validated")
    root = settings.index_dir
    layout = IndexLayout(root, generation)
    folder = layout.folder
    folder.mkdir(parents=True)
    say("staged")

    client = open_chroma(settings)
    previous = _previous(settings, client)
    name = collection_name(settings.embedding_model, generation)
    collection = client.create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    wanted = {chunk.id for chunk in chunks}
    reusable = (previous.ids & wanted) if previous else set()
    if previous is not None:
        # An id can stay while the text a vector was made from changes (a note's title or
        # heading path is part of it): only vectors of the very same text are copied.
        texts = {chunk.id: chunk.search_text() for chunk in chunks}
        reusable = _same_text(previous.collection, sorted(reusable), texts)
        _copy_vectors(previous.collection, collection, sorted(reusable), say)
    new = [chunk for chunk in chunks if chunk.id not in reusable]
    _embed_into(collection, new, LazyEmbeddings(embeddings_factory), say)
    say("vectors")

    write_lexical(folder, chunks)
    say("lexical")
    if engine is not None:
        save_tables(folder, engine, settings.compat_dir)
    _copy_glossary(settings.corpus_dir, folder)
    say("tables")
    manifest = Manifest(
        generation=generation,
        previous=previous.generation if previous else None,
        embedding_model=settings.embedding_model,
        collection=name,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        files=fingerprint,
        corpus_version=corpus_version(fingerprint),
        chunk_count=len(chunks),
        content_sha256=content_digest(chunks),
        tables_code=tables_code_key() if engine is not None else None,
        built_at=datetime.now(UTC),
    )
    write_json_atomic(layout.manifest, manifest.model_dump_json(indent=2))
    say("manifest")
    verify_generation(settings, layout, client)
    say("verified")
    return Built(
        manifest=manifest,
        embedded=len(new),
        removed=len(previous.ids - wanted) if previous else 0,
    )


def verify_generation(
    settings: Settings, layout: IndexLayout, client: ClientAPI | None = None
) -> Manifest:
    """Read a generation back and check it by content: the manifest, the chunk store (digest of
    every chunk), the collection (every id with its text, nothing else) and the tables. Raises
    IndexNotBuilt naming what does not match."""
    from assistant.ingest.compiled_tables import load_compat

    manifest = read_manifest(layout)
    where = f"index generation {manifest.generation}"
    chunks = read_chunks(layout)
    if content_digest(chunks) != manifest.content_sha256:
        raise IndexNotBuilt(f"{where}: the chunk store does not match its manifest")
    client = client or open_chroma(settings)
    try:
        collection = client.get_collection(manifest.collection, embedding_function=None)
    except Exception:  # chromadb raises NotFoundError / ValueError by version
        raise IndexNotBuilt(f"{where}: its Chroma collection is missing") from None
    verify_vectors(collection, chunks, where)
    if manifest.tables_code is not None:
        load_compat(settings, layout)
    return manifest


@dataclass(frozen=True)
class _Previous:
    generation: str | None
    collection: Any
    ids: set[str]


def _previous(settings: Settings, client: ClientAPI) -> _Previous | None:
    """The served generation's collection, whose vectors can be copied instead of recomputed.

    An index of the flat layout (before generations) offers its one collection the same way."""
    layout = IndexLayout(settings.index_dir)
    generation = layout.pointer.read()
    name = collection_name(settings.embedding_model)
    if generation is not None:
        try:
            manifest = read_manifest(IndexLayout(settings.index_dir, generation))
        except BerthError:
            return None
        if manifest.embedding_model != settings.embedding_model:
            return None
        name = manifest.collection
    try:
        collection = client.get_collection(name, embedding_function=None)
    except Exception:  # not there (first build, or the flat layout never had one)
        return None
    ids = _all_ids(collection)
    return _Previous(generation, collection, ids)


def _all_ids(collection: Any) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        page = collection.get(limit=5000, offset=offset, include=[])["ids"]
        ids.update(page)
        if len(page) < 5000:
            return ids
        offset += len(page)


def _same_text(source: Any, ids: list[str], texts: dict[str, str]) -> set[str]:
    same: set[str] = set()
    for start in range(0, len(ids), _ADD_BATCH):
        got = source.get(ids=ids[start : start + _ADD_BATCH], include=["documents"])
        same |= {i for i, doc in zip(got["ids"], got["documents"], strict=True) if doc == texts[i]}
    return same


def _copy_vectors(source: Any, target: Any, ids: list[str], say: Progress) -> None:
    for start in range(0, len(ids), _ADD_BATCH):
        batch = ids[start : start + _ADD_BATCH]
        got = source.get(ids=batch, include=["embeddings", "documents", "metadatas"])
        target.add(
            ids=got["ids"],
            embeddings=got["embeddings"],
            documents=got["documents"],
            metadatas=got["metadatas"],
        )
        say(f"copied {start + len(batch)}/{len(ids)}")


def _embed_into(target: Any, chunks: list[Chunk], embeddings: Embeddings, say: Progress) -> None:
    for start in range(0, len(chunks), _ADD_BATCH):
        batch = chunks[start : start + _ADD_BATCH]
        texts = [chunk.search_text() for chunk in batch]
        target.add(
            ids=[chunk.id for chunk in batch],
            embeddings=embeddings.embed_documents(texts),
            documents=texts,
            metadatas=[chunk.metadata() for chunk in batch],
        )
        say(f"embedded {start + len(batch)}/{len(chunks)}")


def _validated_chunks(
    settings: Settings, validators: Iterable[Callable[[Path], object]]
) -> tuple[list[Chunk], CompatEngine | None]:
    """Everything read and checked before anything is written."""
    from assistant.compat import CompatEngine
    from assistant.ingest.chunking import chunk_document
    from assistant.ingest.corpus import load_corpus
    from assistant.ingest.yaml_check import check_corpus_yaml
    from assistant.search.glossary import GLOSSARY_FILE, Glossary

    check_corpus_yaml(settings.corpus_dir)
    documents = load_corpus(settings.corpus_dir)
    for validate in validators:
        validate(settings.corpus_dir)
    engine = CompatEngine.load(settings.compat_dir) if settings.compat_dir.is_dir() else None
    glossary = None
    if (settings.corpus_dir / GLOSSARY_FILE).is_file():
        glossary = Glossary.for_corpus(settings.corpus_dir)
    from assistant.ingest.table_rows import table_row_chunks

    chunks = [
        chunk
        for document in documents
        for chunk in chunk_document(document, settings.chunk_size, settings.chunk_overlap)
    ] + table_row_chunks(settings.compat_dir, engine.tables if engine else None)
    if glossary is not None:
        chunks = in_english_too(chunks, glossary)
    return chunks, engine


COMMON_TERM_SHARE = 0.1
"""An English term found in more than this share of the passages says nothing about one."""


def in_english_too(chunks: list[Chunk], glossary: Glossary) -> list[Chunk]:
    """Korean note and seed passages with the glossary's English for their telling terms
    ("사용 사례" -> "use cases"), so English questions, and Korean ones worded otherwise, find
    them. Terms as common as "container" or "Linux" are left out: on every Korean passage they
    only crowded English notes out of the top-k. Table rows are left alone: each is written in
    English and in Korean already."""
    texts = [chunk.text.lower() for chunk in chunks]
    limit = COMMON_TERM_SHARE * len(texts)
    common: dict[str, bool] = {}

    def telling(term: str) -> bool:
        if term not in common:
            key = term.lower()
            common[term] = sum(key in text for text in texts) > limit
        return not common[term]

    out = []
    for chunk in chunks:
        if chunk.language != "ko" or chunk.kind == "row":
            out.append(chunk)
            continue
        terms = [t for t in glossary.english_terms(f"{chunk.section}\n{chunk.text}") if telling(t)]
        out.append(replace(chunk, english=" ".join(terms)) if terms else chunk)
    return out


def _copy_glossary(corpus_dir: Path, folder: Path) -> None:
    from assistant.search.glossary import GLOSSARY_FILE

    source = corpus_dir / GLOSSARY_FILE
    if source.is_file():
        shutil.copyfile(source, folder / GLOSSARY_FILE)
