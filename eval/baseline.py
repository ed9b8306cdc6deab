"""The baseline: a naive LangChain RAG retriever as the tutorials build it.

Dense-only Chroma (langchain_chroma.Chroma) over the same corpus chunks and the same embedding
model, top-4, no BM25, no tables, no conversation memory. It is scored on retrieval and on
declining (best similarity below a threshold), the parts it has; it produces no verdicts.
Its collection lives in its own directory (var/eval-baseline), never in Berth's index.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from eval.gold import GoldItem
from eval.metrics import AnswerView, CitedPassage, ItemResult

if TYPE_CHECKING:
    from assistant.ingest.chunking import Chunk

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
        would embed `page_content` (no title/heading prefix, which is one of Berth's choices).

        The collection is kept in `workdir` and rebuilt only when the corpus, the model or the
        chunking changed, so repeated runs do not pay for embedding the corpus again.
        """
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        from assistant.ingest.index import corpus_fingerprint, corpus_version

        stamp = json.dumps(
            {
                "corpus": corpus_version(corpus_fingerprint(settings.corpus_dir)),
                "model": settings.embedding_model,
                "chunk_size": settings.chunk_size,
                "chunk_overlap": settings.chunk_overlap,
            },
            sort_keys=True,
        )
        stamp_path = workdir / "baseline.json"
        workdir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(workdir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        fresh = stamp_path.exists() and stamp_path.read_text(encoding="utf-8") == stamp
        if not fresh:
            # Stale vectors from an older corpus must not mix in; absent is fine.
            with contextlib.suppress(Exception):
                client.delete_collection(COLLECTION)
        store = Chroma(
            client=client,
            collection_name=COLLECTION,
            embedding_function=embeddings,
            # Cosine, so the decline threshold means the same as Berth's decline_threshold.
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        if not fresh:
            chunks = _corpus_chunks(settings)
            store.add_texts(
                texts=[c.text for c in chunks],
                metadatas=[{"source": c.source, "section": c.section} for c in chunks],
                ids=[c.id for c in chunks],
            )
            stamp_path.write_text(stamp, encoding="utf-8")
        return cls(store, threshold=settings.decline_threshold)

    def run(self, item: GoldItem) -> ItemResult:
        # No memory: a tutorial chain sees only the message it is given.
        question = item.last_turn
        started = time.perf_counter()
        hits = self._store.similarity_search_with_relevance_scores(question, k=self._k)
        latency = (time.perf_counter() - started) * 1000
        best = max((score for _, score in hits), default=0.0)
        sources = tuple(str(doc.metadata.get("source", "")) for doc, _ in hits)
        return ItemResult(
            item_id=item.id,
            declined=best < self._threshold,
            latency_ms=latency,
            retrieved=sources,
            quoted=_stuffed(hits),
        )


def _stuffed(hits: list[tuple[Any, float]]) -> AnswerView:
    """What the tutorial chain shows without a model to word it: its top passages in order, one
    cited bullet each (the first is its first line)."""
    lines = [f"- {_clip(doc.page_content)} [{n}]" for n, (doc, _) in enumerate(hits, start=1)]
    citations = tuple(
        CitedPassage(n, str(doc.metadata.get("source", "")), doc.page_content)
        for n, (doc, _) in enumerate(hits, start=1)
    )
    return AnswerView(text="\n".join(lines), language="en", verdict=None, citations=citations)


def _clip(text: str, limit: int = 320) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _corpus_chunks(settings: Settings) -> list[Chunk]:
    from assistant.ingest.chunking import chunk_document
    from assistant.ingest.corpus import load_corpus

    return [
        chunk
        for doc in load_corpus(settings.corpus_dir)
        for chunk in chunk_document(doc, settings.chunk_size, settings.chunk_overlap)
    ]
