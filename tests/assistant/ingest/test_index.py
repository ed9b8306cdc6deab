"""Incremental ingest against a real on-disk Chroma and the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS, make_settings
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import CorpusInvalid, IndexNotBuilt
from assistant.ingest.index import (
    IndexLayout,
    collection_name,
    ingest,
    is_up_to_date,
    read_manifest,
)
from assistant.search.retrieval import SearchIndex


class CountingEmbeddings(Embeddings):
    """The real model, counting how many texts it was asked to embed."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    for name in ("gke.md", "cloud-run.md", "aks.md"):
        shutil.copy(REPO_CORPUS / "notes" / name, corpus / "notes" / name)
    return corpus


def _settings(tmp_path: Path, corpus: Path) -> Settings:
    return make_settings(tmp_path / "state", corpus_dir=corpus)


def test_no_change_embeds_nothing_and_is_fast(
    tmp_path: Path, small_corpus: Path, embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, small_corpus)
    counter = CountingEmbeddings(embeddings)
    first = ingest(settings, lambda: counter)
    assert first.embedded == first.chunks > 0 and counter.embedded == first.chunks

    loaded: list[bool] = []
    again = ingest(settings, lambda: loaded.append(True) or counter)  # type: ignore[func-returns-value]
    assert again.up_to_date and again.embedded == 0 and counter.embedded == first.chunks
    assert not loaded, "a no-op ingest must not load the model"
    assert again.seconds < 0.5


def test_a_changed_file_reembeds_only_its_chunks(
    tmp_path: Path, small_corpus: Path, embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, small_corpus)
    ingest(settings, lambda: embeddings)
    note = small_corpus / "notes" / "cloud-run.md"
    note.write_text(note.read_text() + "\n\n## Added section\n\nCloud Run added paragraph.\n")

    counter = CountingEmbeddings(embeddings)
    report = ingest(settings, lambda: counter)
    assert report.embedded == counter.embedded == 1
    assert report.removed == 0
    index = SearchIndex.load(settings, embeddings)
    assert index.chunk_count == report.chunks


def test_a_deleted_file_loses_its_chunks(
    tmp_path: Path, small_corpus: Path, embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, small_corpus)
    before = ingest(settings, lambda: embeddings)
    (small_corpus / "notes" / "aks.md").unlink()
    counter = CountingEmbeddings(embeddings)
    after = ingest(settings, lambda: counter)
    assert counter.embedded == 0 and after.removed > 0
    assert after.chunks == before.chunks - after.removed
    index = SearchIndex.load(settings, embeddings)
    sources = {p.chunk.source for p in _all(index, embeddings)}
    assert "corpus/notes/aks.md" not in sources


def test_broken_front_matter_keeps_the_previous_index(
    tmp_path: Path, small_corpus: Path, embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, small_corpus)
    ingest(settings, lambda: embeddings)
    manifest_before = read_manifest(IndexLayout(settings.index_dir))
    (small_corpus / "notes" / "broken.md").write_text("---\ntitle: [oops\n---\nbody\n")
    with pytest.raises(
        CorpusInvalid, match=r"corpus/notes/broken.md: front matter is not valid YAML"
    ):
        ingest(settings, lambda: embeddings)
    assert read_manifest(IndexLayout(settings.index_dir)) == manifest_before
    assert SearchIndex.load(settings, embeddings).chunk_count == manifest_before.chunk_count
    assert not is_up_to_date(settings)


def test_missing_or_corrupt_index_says_run_ingest(
    tmp_path: Path, small_corpus: Path, embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, small_corpus)
    with pytest.raises(IndexNotBuilt, match="run 'berth ingest'"):
        SearchIndex.load(settings, embeddings)
    ingest(settings, lambda: embeddings)
    IndexLayout(settings.index_dir).manifest.write_text("{not json")
    with pytest.raises(IndexNotBuilt, match="corrupt"):
        SearchIndex.load(settings, embeddings)


def test_collections_are_per_model() -> None:
    assert collection_name("packaged:all-MiniLM-L6-v2") != collection_name(
        "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"
    )


def _all(index: SearchIndex, embeddings: Embeddings):  # type: ignore[no-untyped-def]
    from assistant.search.retrieval import HybridRetriever

    retriever = HybridRetriever(index, embeddings, top_k=200, candidate_k=200, rrf_k=60)
    return retriever.retrieve("Azure Kubernetes Service AKS Windows node pool").passages
