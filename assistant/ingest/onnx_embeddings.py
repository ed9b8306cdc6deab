"""Sentence embeddings with onnxruntime and the model's fast tokenizer: no torch at run time.

Reproduces what sentence-transformers does for a BERT + mean-pooling model: tokenize with
truncation to `max_seq_length` and padding to the longest text of the batch, run the
transformer, average the token embeddings under the attention mask (denominator clamped at
1e-9), L2-normalise (norm clamped at 1e-12, as torch's F.normalize). Vectors agree with the
torch path to ~1e-7 (tests/assistant/ingest/test_onnx_embeddings.py).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.ingest.onnx_export import INPUT_NAMES, OnnxModel

if TYPE_CHECKING:
    from numpy.typing import NDArray


class OnnxEmbeddings(Embeddings):
    """Normalised embeddings (cosine = dot product); safe to call from several threads."""

    def __init__(self, model: OnnxModel, batch_size: int = 32, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._batch_size = max(1, batch_size)
        tokenizer = Tokenizer.from_file(str(model.tokenizer_path))
        # tokenizer.json ships with its own fixed 128-token padding and truncation; replace them
        # with what sentence-transformers applies: truncate at max_seq_length, pad to the longest.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=model.max_seq_length)
        pad_token = "[PAD]"
        pad_id = tokenizer.token_to_id(pad_token)
        tokenizer.enable_padding(pad_id=0 if pad_id is None else pad_id, pad_token=pad_token)
        self._tokenizer = tokenizer

        options = ort.SessionOptions()
        options.inter_op_num_threads = 1
        if threads is not None:
            options.intra_op_num_threads = threads
            # Pinned to few threads next to other work (the API's worker threads, other
            # processes): spinning idle threads would only steal those cores.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = _session(model, options)
        self._wants = [i.name for i in self._session.get_inputs()]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # Batches of similar length waste less on padding (sentence-transformers sorts too).
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors: list[Any] = [None] * len(texts)
        for start in range(0, len(order), self._batch_size):
            chosen = order[start : start + self._batch_size]
            for i, vector in zip(chosen, self.encode([texts[i] for i in chosen]), strict=True):
                vectors[i] = vector.tolist()
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()  # type: ignore[no-any-return]

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """One batch: (len(texts), dim) float32, unit length."""
        encodings = self._tokenizer.encode_batch(texts)
        columns = {
            "input_ids": [e.ids for e in encodings],
            "attention_mask": [e.attention_mask for e in encodings],
            "token_type_ids": [e.type_ids for e in encodings],
        }
        feed = {name: np.asarray(columns[name], dtype=np.int64) for name in INPUT_NAMES}
        outputs = self._session.run(None, {k: v for k, v in feed.items() if k in self._wants})
        tokens = outputs[0]
        mask = feed["attention_mask"][..., None].astype(tokens.dtype)
        summed = (tokens * mask).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)  # type: ignore[no-any-return]


def _session(model: OnnxModel, options: Any) -> Any:
    """An inference session, from a graph optimised once and saved next to the export.

    Optimising the graph at every start costs ~0.1 s of CPU; the saved copy loads with the
    optimiser off and computes the same numbers. The copy is per onnxruntime version, and made
    with the portable (extended) level: the `all` level adds layouts specific to this CPU.
    """
    import onnxruntime as ort

    optimised = model.onnx_path.with_name(f"model.ort-{ort.__version__}.onnx")
    levels = ort.GraphOptimizationLevel
    if optimised.is_file():
        options.graph_optimization_level = levels.ORT_DISABLE_ALL
        return ort.InferenceSession(str(optimised), options, providers=["CPUExecutionProvider"])
    options.graph_optimization_level = levels.ORT_ENABLE_EXTENDED
    temporary = optimised.with_name(f"{optimised.name}.{os.getpid()}.tmp")
    options.optimized_model_filepath = str(temporary)
    try:
        session = ort.InferenceSession(
            str(model.onnx_path), options, providers=["CPUExecutionProvider"]
        )
        os.replace(temporary, optimised)
        return session
    except Exception:  # a read-only cache: optimise in memory, save nothing
        options.optimized_model_filepath = ""
        return ort.InferenceSession(
            str(model.onnx_path), options, providers=["CPUExecutionProvider"]
        )
    finally:
        temporary.unlink(missing_ok=True)
