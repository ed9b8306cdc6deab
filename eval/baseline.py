"""The baseline: a naive LangChain RAG retriever as the tutorials build it.

Dense-only Chroma (langchain_chroma.Chroma) over the same corpus chunks and the same embedding
model, top-4, no BM25, no tables, no conversation memory. It is scored on retrieval and on
declining (best similarity below a threshold), the parts it has; it produces no verdicts.
Its collection lives in its own directory, never in Berth's index.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from eval.gold import GoldItem
from eval.metrics import ItemResult

BASELINE_K = 4
"""The tutorials' default `as_retriever()` depth; recall@5 for the baseline rests on these 4."""
COLLECTION = "naive-rag-baseline"


class NaiveRag:
    name = "baseline"

    def __init__(self, store: Any, threshold: float, k: int = BASELINE_K) -> None:
        self._store = store
        self._threshold = threshold
        self._k = k

    @classmethod
    def build(cls, settings: Settings, embeddings: Embeddings, workdir: Path) -> NaiveRag:
        """Chunk the corpus with Berth's chunker and embed each chunk's plain text, as a tutorial
        would embed `page_content` (no title/heading prefix, which is one of Berth's choices)."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        from assistant.chunking import chunk_document
        from assistant.corpus import load_corpus

        chunks = [
            chunk
            for doc in load_corpus(settings.corpus_dir)
            for chunk in chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
        ]
        workdir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(workdir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        # A leftover collection from an earlier build would mix in stale chunks; absent is fine.
        with contextlib.suppress(Exception):
            client.delete_collection(COLLECTION)
        store = Chroma(
            client=client,
            collection_name=COLLECTION,
            embedding_function=embeddings,
            # Cosine, so the decline threshold means the same as Berth's decline_threshold.
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        store.add_texts(
            texts=[c.text for c in chunks],
            metadatas=[{"source": c.source, "section": c.section} for c in chunks],
            ids=[c.id for c in chunks],
        )
        return cls(store, threshold=settings.decline_threshold)

    def run(self, item: GoldItem) -> ItemResult:
        # No memory: a tutorial chain sees only the message it is given.
        question = item.last_turn
        started = time.perf_counter()
        hits = self._store.similarity_search_with_relevance_scores(question, k=self._k)
        latency = (time.perf_counter() - started) * 1000
        best = max((score for _, score in hits), default=0.0)
        return ItemResult(
            item_id=item.id,
            declined=best < self._threshold,
            latency_ms=latency,
            retrieved=tuple(str(doc.metadata.get("source", "")) for doc, _ in hits),
        )
