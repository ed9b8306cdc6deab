"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused by reciprocal rank."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from cachetools import LRUCache
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import IndexNotBuilt
from assistant.ingest.chroma import chroma_errors, open_chroma
from assistant.ingest.chunking import Chunk
from assistant.ingest.index import (
    IndexLayout,
    Manifest,
    content_digest,
    read_bm25,
    read_chunks,
    read_manifest,
    vector_store,
    verify_vectors,
)
from assistant.search.text import tokenize


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float
    """Fused reciprocal-rank score; higher is better."""
    similarity: float | None
    """Cosine similarity to the query, when the dense retriever returned this chunk."""
    lexical: float | None
    """BM25 score, when the lexical retriever returned this chunk."""


@dataclass(frozen=True)
class Retrieval:
    query: str
    passages: list[Passage]
    best_similarity: float
    best_lexical: float
    vector: tuple[float, ...] = ()
    """The query's embedding: a writer compares passages with it and with each other."""


# 4,096 vectors of 384 float32: 6 MB per process.
_VECTOR_CACHE_SIZE = 4096


class SearchIndex:
    """Everything retrieval reads, loaded once: chunks, BM25 index, Chroma collection."""

    def __init__(
        self,
        manifest: Manifest,
        chunks: list[Chunk],
        bm25: Any,
        store: Any,
        settings: Settings | None = None,
    ) -> None:
        self.manifest = manifest
        self._settings = settings or Settings(_env_file=None)  # type: ignore[call-arg]
        self._chunks = chunks
        self._by_id = {chunk.id: chunk for chunk in chunks}
        self._bm25 = bm25
        self._vocabulary: dict[str, int] = bm25.vocab_dict
        self._store = store
        self._vector_cache: LRUCache[str, np.ndarray] = LRUCache(maxsize=_VECTOR_CACHE_SIZE)
        self._vector_lock = threading.Lock()
        # Document frequency read off the BM25 matrix (one column per term, one entry per chunk
        # that holds it) instead of tokenizing every chunk again at each start.
        self._document_frequency = np.diff(np.asarray(bm25.scores["indptr"]))
        # Table rows by (file name, row id, language): an entity question looks its row up
        # instead of scanning every chunk.
        self._rows: dict[tuple[str, str, str], list[Chunk]] = {}
        for chunk in chunks:
            if chunk.kind == "row" and "/" in chunk.source:
                key = (chunk.source.rsplit("/", 1)[1], chunk.section, chunk.language)
                self._rows.setdefault(key, []).append(chunk)

    @classmethod
    def load(
        cls, settings: Settings, embeddings: Embeddings, layout: IndexLayout | None = None
    ) -> SearchIndex:
        """One generation (the current one unless `layout` pins another), checked by content:
        a generation whose vectors or chunks do not match its manifest is refused."""
        pinned = (layout or IndexLayout(settings.index_dir)).pinned()
        manifest = read_manifest(pinned)
        if manifest.embedding_model != settings.embedding_model:
            raise IndexNotBuilt(
                f"the index was built with {manifest.embedding_model}, "
                f"settings ask for {settings.embedding_model}"
            )
        chunks = read_chunks(pinned)
        where = f"index generation {manifest.generation}"
        if content_digest(chunks) != manifest.content_sha256:
            raise IndexNotBuilt(f"{where}: the chunk store does not match its manifest")
        with chroma_errors(settings):
            store = vector_store(open_chroma(settings), settings, embeddings, manifest.collection)
            verify_vectors(store._collection, chunks, where)
        return cls(manifest, chunks, read_bm25(pinned), store, settings)

    @property
    def generation(self) -> str:
        return self.manifest.generation

    def ping(self) -> None:
        """Raises VectorStoreUnavailable when the Chroma server does not answer (readiness)."""
        with chroma_errors(self._settings):
            self._store._client.heartbeat()

    @property
    def chunk_count(self) -> int:
        return len(self._chunks)

    def term_weight(self, term: str) -> float:
        """Inverse document frequency of a BM25 term over the chunks (0 for unknown terms)."""
        column = self._vocabulary.get(term)
        frequency = (
            int(self._document_frequency[column])
            if column is not None and column < len(self._document_frequency)
            else 0
        )
        return math.log(1 + len(self._chunks) / frequency) if frequency else 0.0

    def chunk(self, chunk_id: str) -> Chunk:
        return self._by_id[chunk_id]

    def table_rows(self, table: str, row_ids: Sequence[str], language: str) -> list[Chunk]:
        """Rows of one compatibility table (by file name) with these ids, in `language`."""
        wanted = {row_id: i for i, row_id in enumerate(row_ids)}
        rows = [
            chunk
            for row_id in sorted(wanted, key=wanted.__getitem__)
            for chunk in self._rows.get((table, row_id, language), [])
        ]
        return rows

    def dense(self, vector: list[float], k: int) -> list[tuple[Chunk, float]]:
        # Ids and distances only: the texts and metadata are ours already (self._by_id), and
        # having Chroma fetch them too made this query ~4x slower (issue 13 profile).
        # A Chroma server gone away (or refusing us) is a 503, not a 500.
        with chroma_errors(self._settings):
            result = self._store._collection.query(
                query_embeddings=[vector], n_results=k, include=["distances"]
            )
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        # Cosine space: Chroma returns distance = 1 - similarity.
        return [
            (self._by_id[chunk_id], 1.0 - float(distance))
            for chunk_id, distance in zip(ids, distances, strict=True)
            if chunk_id in self._by_id
        ]

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored embeddings of these chunks (read back from Chroma, never re-embedded).

        A generation's vectors never change, and the writers ask for the same popular passages
        question after question: the last few thousand are kept (a Chroma `get` was ~4% of an
        answer, issue 13 profile)."""
        wanted = list(dict.fromkeys(chunk_ids))
        with self._vector_lock:
            found = {i: self._vector_cache[i] for i in wanted if i in self._vector_cache}
        missing = [i for i in wanted if i not in found]
        if missing:
            result = self._store._collection.get(ids=missing, include=["embeddings"])
            embeddings = result.get("embeddings")
            fetched = (
                {}
                if embeddings is None
                else {
                    chunk_id: np.asarray(vector, dtype=np.float32)
                    for chunk_id, vector in zip(result["ids"], embeddings, strict=True)
                }
            )
            with self._vector_lock:
                self._vector_cache.update(fetched)
            found.update(fetched)
        return {i: found[i] for i in wanted if i in found}

    def lexical(self, terms: Sequence[str], k: int) -> list[tuple[Chunk, float]]:
        known = [term for term in terms if term in self._vocabulary]
        if not known:
            return []
        scores = np.asarray(self._bm25.get_scores(known))
        top = np.argsort(-scores)[:k]
        return [(self._chunks[i], float(scores[i])) for i in top if scores[i] > 0]


class HybridRetriever:
    def __init__(
        self,
        index: SearchIndex,
        embeddings: Embeddings,
        *,
        top_k: int,
        candidate_k: int,
        rrf_k: int,
        per_table: int = 2,
    ) -> None:
        self._index = index
        self._embeddings = embeddings
        self._top_k = top_k
        self._candidate_k = candidate_k
        self._rrf_k = rrf_k
        self._per_table = per_table

    @classmethod
    def from_settings(
        cls, index: SearchIndex, embeddings: Embeddings, settings: Settings
    ) -> HybridRetriever:
        return cls(
            index,
            embeddings,
            top_k=settings.top_k,
            candidate_k=settings.candidate_k,
            rrf_k=settings.rrf_k,
            per_table=settings.rows_per_table,
        )

    def best_similarity(self, text: str) -> float:
        """Cosine similarity of the closest chunk to `text`."""
        hits = self._index.dense(self._embeddings.embed_query(text), 1)
        return hits[0][1] if hits else 0.0

    def retrieve(self, query: str, top_k: int | None = None) -> Retrieval:
        vector = self._embeddings.embed_query(query)
        dense = self._index.dense(vector, self._candidate_k)
        lexical = self._index.lexical(tokenize(query), self._candidate_k)
        fused: dict[str, float] = {}
        for ranking in (dense, lexical):
            for rank, (chunk, _) in enumerate(ranking):
                fused[chunk.id] = fused.get(chunk.id, 0.0) + 1.0 / (self._rrf_k + rank + 1)
        similarity = {chunk.id: score for chunk, score in dense}
        lexical_score = {chunk.id: score for chunk, score in lexical}
        ranked = sorted(fused.items(), key=lambda item: item[1], reverse=True)
        passages = [
            Passage(
                chunk=self._index.chunk(chunk_id),
                score=score,
                similarity=similarity.get(chunk_id),
                lexical=lexical_score.get(chunk_id),
            )
            for chunk_id, score in ranked
        ]
        passages = _diversified(passages, top_k or self._top_k, self._per_table)
        return Retrieval(
            query=query,
            passages=passages,
            best_similarity=max(similarity.values(), default=0.0),
            best_lexical=max(lexical_score.values(), default=0.0),
            vector=tuple(vector),
        )


def _diversified(passages: list[Passage], k: int, per_table: int) -> list[Passage]:
    """The best `k`, at most `per_table` rows from one compatibility table while other
    passages are left to choose from.

    Without it one table (20 platform rows, each also in Korean) matched a Korean question so
    well that it filled the top-k and pushed out the note that explains the answer. Notes are
    not limited: several sections of one note are often exactly what a question needs.
    """
    chosen: list[Passage] = []
    held_back: list[Passage] = []
    taken: dict[str, int] = {}
    for passage in passages:
        source = passage.chunk.source
        if passage.chunk.kind != "row" or taken.get(source, 0) < per_table:
            chosen.append(passage)
            taken[source] = taken.get(source, 0) + 1
        else:
            held_back.append(passage)
        if len(chosen) == k:
            return chosen
    return chosen + held_back[: k - len(chosen)]
