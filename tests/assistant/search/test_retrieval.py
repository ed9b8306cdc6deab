"""Hybrid retrieval on the real corpus, English and Korean (expanded by the glossary)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.pipeline.assistant import Assistant
from assistant.pipeline.state import Asked
from assistant.search.glossary import Glossary
from assistant.search.retrieval import HybridRetriever, SearchIndex
from assistant.search.text import tokenize

CASES = [
    ("Does GKE Autopilot support Windows node pools?", "corpus/notes/gke.md"),
    (
        "Which error do I get when the container OS does not match the host?",
        "corpus/notes/windows-version-compatibility.md",
    ),
    ("Can AWS Lambda take a Windows-based container image?", "corpus/notes/lambda.md"),
    ("Is Hyper-V isolation a security boundary?", "corpus/notes/isolation-modes.md"),
    ("윈도우 서버 2019의 빌드 번호는 무엇인가요?", "corpus/notes/windows-version-compatibility.md"),
    (
        "애저 컨테이너 앱에서 윈도우 컨테이너를 쓸 수 있나요?",
        "corpus/notes/azure-container-apps.md",
    ),
    ("나노 서버에서 32비트 앱이 돌아가나요?", "corpus/notes/windows-base-images.md"),
    (
        "리눅스 컨테이너와 윈도우 컨테이너의 커널 공유 방식 차이는?",
        "corpus/source/linux-vs-windows-containers.ko.md",
    ),
]


@pytest.fixture(scope="module")
def retriever(built_index_settings: Settings, embeddings: Embeddings) -> HybridRetriever:
    index = SearchIndex.load(built_index_settings, embeddings)
    return HybridRetriever.from_settings(index, embeddings, built_index_settings)


@pytest.fixture(scope="module")
def glossary(built_index_settings: Settings) -> Glossary:
    return Glossary.for_corpus(Path(built_index_settings.corpus_dir))


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_expected_source_in_top_five(assistant: Assistant, question: str, expected: str) -> None:
    """Through the chain's own understand step, which expands Korean with English terms."""
    retrieved = assistant.prepare.invoke(Asked(question))
    assert expected in [p.chunk.source for p in retrieved.retrieval.passages[:5]]


def test_korean_question_finds_korean_rows_and_english_notes(
    assistant: Assistant, glossary: Glossary
) -> None:
    question = "도커 데스크톱에서 리눅스 컨테이너와 윈도우 컨테이너를 동시에 실행할 수 있나요?"
    assert {"Docker Desktop", "Linux", "Windows containers"} <= set(
        glossary.english_terms(question)
    )
    retrieved = assistant.prepare.invoke(Asked(question))
    sources = [p.chunk.source for p in retrieved.retrieval.passages]
    assert "corpus/source/linux-vs-windows-containers.ko.md" in sources
    assert "corpus/notes/docker-desktop.md" in sources


def test_one_table_does_not_fill_the_top_k(retriever: HybridRetriever) -> None:
    passages = retriever.retrieve(
        "Windows containers on Docker Desktop for Windows, Mac, Linux"
    ).passages
    rows = Counter(p.chunk.source for p in passages if p.chunk.kind == "row")
    assert max(rows.values(), default=0) <= 2


def test_hangul_becomes_bigrams_and_particles_split_from_names() -> None:
    assert tokenize("GKE에서 노드풀") == ["gke", "에서", "노드", "드풀"]
    assert tokenize("Can I run it on Cloud Run?") == ["run", "cloud", "run"]


def test_stored_vectors_are_the_index_s_own_cached_or_not(
    built_index_settings: Settings, embeddings: Embeddings
) -> None:
    """The writers' passage vectors: Chroma's stored ones, the same from the cache as from a
    fresh read, each asked id once, unknown ids left out."""
    index = SearchIndex.load(built_index_settings, embeddings)
    ids = [c.id for c, _ in index.dense(embeddings.embed_query("Windows on GKE Autopilot"), 6)]
    first = index.vectors([ids[0], *ids, "no-such-chunk"])
    assert list(first) == ids
    again = index.vectors(list(reversed(ids)))
    fresh = SearchIndex.load(built_index_settings, embeddings).vectors(ids)
    for chunk_id in ids:
        assert first[chunk_id].shape == (384,)
        assert (first[chunk_id] == again[chunk_id]).all()
        assert (first[chunk_id] == fresh[chunk_id]).all()
