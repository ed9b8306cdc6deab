"""The ONNX Runtime embeddings: the same vectors as sentence-transformers on torch, a cache that
follows the model's files, and `berth ask` / `berth serve` that never import torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import DEFAULT_MODEL_CACHE, PACKAGED_MODEL, Settings
from assistant.errors import BerthError
from assistant.ingest.embeddings import (
    load_embeddings,
    load_torch_embeddings,
    onnx_model_dir,
    resolve_model_path,
)
from assistant.ingest.index import IndexLayout, read_chunks
from assistant.ingest.onnx_embeddings import OnnxEmbeddings
from assistant.ingest.onnx_export import (
    cached_export,
    ensure_exported,
    exportable,
    model_fingerprint,
)

MIN_COSINE = 0.99999
MODEL_DIR = Path(resolve_model_path(PACKAGED_MODEL))
HEAVY = ("torch", "sentence_transformers", "transformers", "langchain_huggingface")


@pytest.fixture(scope="module")
def torch_embeddings() -> Embeddings:
    return load_torch_embeddings(PACKAGED_MODEL)


def _questions() -> list[str]:
    from eval.gold import load_gold

    turns = [turn for item in load_gold().items for turn in item.conversation][::3]
    # Edge cases the tokenizer must treat exactly as sentence-transformers does.
    return [*turns, "", "   padded   ", "x " * 600, "Ünïcödé — 한국어 ① ％"]


def test_the_packaged_model_runs_on_onnx(embeddings: Embeddings) -> None:
    assert isinstance(embeddings, OnnxEmbeddings)


def test_vectors_match_the_torch_path(
    embeddings: Embeddings, torch_embeddings: Embeddings, built_index_settings: Settings
) -> None:
    chunks = [c.search_text() for c in read_chunks(IndexLayout(built_index_settings.index_dir))]
    # The longest chunks (truncated at 256 tokens) and a spread of the rest; torch is slow here.
    by_length = sorted(chunks, key=len, reverse=True)
    documents = by_length[:20] + by_length[20::8]
    questions = _questions()

    onnx_docs = np.array(embeddings.embed_documents(documents))
    torch_docs = np.array(torch_embeddings.embed_documents(documents))
    onnx_queries = np.array([embeddings.embed_query(q) for q in questions])
    torch_queries = np.array([torch_embeddings.embed_query(q) for q in questions])

    for onnx, reference, texts in (
        (onnx_docs, torch_docs, documents),
        (onnx_queries, torch_queries, questions),
    ):
        assert onnx.shape == reference.shape == (len(texts), 384)
        np.testing.assert_allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-6)
        cosine = (onnx * reference).sum(axis=1)
        worst = int(np.argmin(cosine))
        assert cosine[worst] >= MIN_COSINE, (cosine[worst], texts[worst][:80])


def test_batches_give_the_same_vectors_as_single_texts(embeddings: Embeddings) -> None:
    texts = ["Can Cloud Run run Windows?", "a much longer text " * 20, "GKE"]
    batched = np.array(embeddings.embed_documents(texts))
    single = np.array([embeddings.embed_query(t) for t in texts])
    assert ((batched * single).sum(axis=1) >= MIN_COSINE).all()


def test_a_model_that_is_not_bert_mean_pooling_keeps_torch(tmp_path: Path) -> None:
    model = tmp_path / "cls-model"
    shutil.copytree(MODEL_DIR, model, ignore=shutil.ignore_patterns("*.safetensors"))
    assert exportable(model)
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    pooling.write_text(
        json.dumps({**config, "pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True})
    )
    assert not exportable(model)
    assert onnx_model_dir(str(model)) is None
    assert onnx_model_dir("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2") is None
    with pytest.raises(BerthError, match="BERTH_EMBEDDING_BACKEND=onnx"):
        load_embeddings(str(model), backend="onnx", cache_dir=tmp_path / "cache")


def test_the_fingerprint_follows_the_files(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"weights v1")
    (model / "config.json").write_text("{}")
    first = model_fingerprint(model)
    assert model_fingerprint(model) == first

    # A stamp with the same sizes and mtimes is trusted without hashing again.
    stamp = tmp_path / "stamp.json"
    stamp.write_text(json.dumps({"format": 1, "sha256": "remembered", "stats": first.stats}))
    assert model_fingerprint(model, stamp).sha256 == "remembered"

    (model / "weights.bin").write_bytes(b"weights v2")  # same size, new bytes and mtime
    os.utime(model / "weights.bin", ns=(1, 1))
    changed = model_fingerprint(model, stamp)
    assert changed.sha256 not in {first.sha256, "remembered"}


def test_a_stale_export_is_not_used(tmp_path: Path, embeddings: Embeddings) -> None:
    current = cached_export(MODEL_DIR, DEFAULT_MODEL_CACHE.resolve())
    assert current is not None  # the session fixture exported it
    cache = tmp_path / "cache"
    target = cache / current.onnx_path.parent.name
    target.mkdir(parents=True)
    shutil.copy(current.onnx_path, target / "model.onnx")
    fingerprint = model_fingerprint(MODEL_DIR)
    # Recorded for other files (sizes/mtimes differ): the model is hashed again, and an export
    # made from different bytes is not used.
    moved = {name: [size, mtime + 1] for name, (size, mtime) in fingerprint.stats.items()}
    stamp = {"format": 1, "sha256": "0" * 64, "stats": moved}
    (target / "stamp.json").write_text(json.dumps(stamp))
    assert cached_export(MODEL_DIR, cache) is None

    # Same bytes, new mtimes (a reinstall): the export is kept and the stamp learns the mtimes.
    (target / "stamp.json").write_text(json.dumps({**stamp, "sha256": fingerprint.sha256}))
    before = (target / "model.onnx").stat().st_mtime_ns
    assert ensure_exported(MODEL_DIR, cache).onnx_path == target / "model.onnx"
    assert (target / "model.onnx").stat().st_mtime_ns == before
    assert json.loads((target / "stamp.json").read_text())["stats"] == fingerprint.stats


_PROBE = """
import json, sys
{patch}
from assistant.cli import main
code = main({argv!r})
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("BERTH-PROBE " + json.dumps({{"code": code, "heavy": heavy}}))
"""

# `berth serve` runs everything up to listening; the probe stops it there to look at sys.modules.
_STOP_BEFORE_LISTENING = "import uvicorn; uvicorn.Server.run = lambda self, sockets=None: None"


@pytest.mark.parametrize(
    ("argv", "patch"),
    [
        (["ask", "Can I run my .NET Framework app on GKE?"], ""),
        (["serve", "--port", "8765"], _STOP_BEFORE_LISTENING),
    ],
    ids=["ask", "serve"],
)
def test_ask_and_serve_never_import_torch(
    argv: list[str], patch: str, built_index_settings: Settings, embeddings: Embeddings
) -> None:
    settings = built_index_settings
    env = {
        **os.environ,
        "BERTH_CORPUS_DIR": str(settings.corpus_dir),
        "BERTH_INDEX_DIR": str(settings.index_dir),
        "BERTH_STATE_DB": str(settings.state_db),
        "BERTH_MODEL_CACHE_DIR": str(DEFAULT_MODEL_CACHE.resolve()),
    }
    script = _PROBE.format(patch=patch, argv=argv, heavy=set(HEAVY))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    probe = [line for line in result.stdout.splitlines() if line.startswith("BERTH-PROBE ")]
    assert probe, result.stderr
    report = json.loads(probe[-1].removeprefix("BERTH-PROBE "))
    assert report["code"] == 0, result.stderr
    assert report["heavy"] == [], report["heavy"][:10]
