"""What the side-by-side benchmark times, shared by the in-process run and the bench server.

- floor: what any retrieval answer must pay at least: one query embedding, one Chroma query,
  one BM25 query (Berth's own index calls, no fusion, no reasoning, no writing, no state).
- berth: `Assistant.ask`, the full answer (conversation state, reading, hybrid retrieval,
  verdict, extractive text, guard).
- naive: the eval's naive LangChain RAG (`eval/baseline.py`): `Chroma.similarity_search_with_
  relevance_scores(question, k=4)` through langchain-chroma with the same embedding model.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for extra in (REPO, REPO / "tests" / "support"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

QUESTIONS = [
    "Can I run my .NET Framework app on GKE?",
    "Can I deploy a Windows container to Cloud Run?",
    "Can a Windows Server 2022 host run an ltsc2019 image?",
    "Does EKS Fargate support Windows pods?",
    "Which base image should I use for IIS?",
    "What build number is Windows Server 2025?",
    "What does 0xc0370101 mean?",
    "Does AKS support Hyper-V isolation?",
    "Can Docker Desktop on Mac run Windows containers?",
    "How do I schedule Windows pods onto Windows nodes?",
    "GKE에서 .NET Framework 앱을 실행할 수 있나요?",
    "Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?",
    "나노 서버에 파워셸이 있나요?",
    "What's the best pizza in Seoul?",
]


def build_targets(settings: Any, baseline_dir: Path) -> dict[str, Callable[[str], object]]:
    """The three callables over one index and one embedding model."""
    from assistant.ingest.embeddings import embeddings_for
    from assistant.pipeline.assistant import Assistant
    from assistant.search.text import tokenize
    from eval.baseline import NaiveRag

    embeddings = embeddings_for(settings)
    assistant = Assistant.from_settings(settings, embeddings=embeddings)
    naive = NaiveRag.build(settings, embeddings, baseline_dir)
    index, depth = assistant.index, settings.candidate_k

    def floor(question: str) -> object:
        vector = embeddings.embed_query(question)
        return index.dense(vector, depth), index.lexical(tokenize(question), depth)

    def berth(question: str) -> object:
        return assistant.ask(question)

    def naive_rag(question: str) -> object:
        # Exactly what NaiveRag.run times for one gold item.
        return naive._store.similarity_search_with_relevance_scores(question, k=naive._k)

    return {"floor": floor, "berth": berth, "naive": naive_rag}
