"""A sentence-transformers model exported once to ONNX, cached under `var/models/`.

The export is the only step that needs torch; it runs at first ingest (or install) and again
only when the model's files change. Which models qualify: a local sentence-transformers folder
whose pipeline is BERT -> mean pooling (-> normalise), the shape of the packaged MiniLM. Anything
else keeps the torch path, because its pooling or prompts would not be reproduced here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OPSET = 17
EXPORT_FORMAT = 1
"""Bump when the export itself changes (wrapper, opset, inputs): every cached copy is redone."""
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
_TRANSFORMER = "sentence_transformers.models.Transformer"
_POOLING = "sentence_transformers.models.Pooling"
_NORMALIZE = "sentence_transformers.models.Normalize"
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class OnnxModel:
    """An exported model ready to load: the graph plus what the tokenizer must do."""

    onnx_path: Path
    tokenizer_path: Path
    max_seq_length: int


def exportable(model_dir: Path) -> bool:
    """True when `model_dir` is a sentence-transformers BERT with plain mean pooling.

    Checked from the files, without importing anything heavy, so the answer costs microseconds.
    """
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        st_config = _read_json(model_dir / "sentence_bert_config.json")
        st_extra = _read_json(model_dir / "config_sentence_transformers.json")
    except (OSError, ValueError):
        return False
    types = [module.get("type") for module in modules]
    if types not in ([_TRANSFORMER, _POOLING], [_TRANSFORMER, _POOLING, _NORMALIZE]):
        return False
    pooling = _read_json(model_dir / modules[1].get("path", "") / "config.json")
    modes = {key for key, value in pooling.items() if key.startswith("pooling_mode") and value}
    return (
        config.get("model_type") == "bert"
        and modes == {"pooling_mode_mean_tokens"}
        and not st_config.get("do_lower_case", False)
        # Prompts would be prepended by sentence-transformers; this path does not add them.
        and not st_extra.get("prompts")
        and (model_dir / "tokenizer.json").is_file()
    )


def ensure_exported(model_dir: Path, cache_dir: Path) -> OnnxModel:
    """The cached export of `model_dir`, made now if missing or stale (this imports torch)."""
    target = cache_dir / _slug(model_dir)
    fingerprint = model_fingerprint(model_dir, target / "stamp.json")
    onnx_path = target / "model.onnx"
    if not (onnx_path.is_file() and _stamp(target).get("sha256") == fingerprint.sha256):
        print(f"berth: exporting {model_dir.name} to ONNX (once) ...", file=sys.stderr, flush=True)
        target.mkdir(parents=True, exist_ok=True)
        for optimised in target.glob("model.ort-*.onnx"):  # made from the old export
            optimised.unlink()
        _export(model_dir, onnx_path)
    _write_stamp(target, fingerprint)
    return OnnxModel(onnx_path, model_dir / "tokenizer.json", max_seq_length(model_dir))


def cached_export(model_dir: Path, cache_dir: Path) -> OnnxModel | None:
    """The export if it is present and current, else None; never exports, never imports torch."""
    target = cache_dir / _slug(model_dir)
    onnx_path = target / "model.onnx"
    if not onnx_path.is_file():
        return None
    fingerprint = model_fingerprint(model_dir, target / "stamp.json")
    if _stamp(target).get("sha256") != fingerprint.sha256:
        return None
    with contextlib.suppress(OSError):  # a read-only cache still works, only slower to check
        _write_stamp(target, fingerprint)
    return OnnxModel(onnx_path, model_dir / "tokenizer.json", max_seq_length(model_dir))


def max_seq_length(model_dir: Path) -> int:
    """What sentence-transformers truncates to: its own setting, capped by the position table."""
    st_config = _read_json(model_dir / "sentence_bert_config.json")
    config = _read_json(model_dir / "config.json")
    positions = int(config.get("max_position_embeddings", 512))
    return min(int(st_config.get("max_seq_length") or positions), positions)


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    stats: dict[str, list[int]]


def model_fingerprint(model_dir: Path, stamp_path: Path | None = None) -> Fingerprint:
    """sha256 over every file of the model (path and bytes), plus size/mtime of each.

    Hashing ~90 MB of weights takes a noticeable part of a second; when an earlier stamp shows
    the same sizes and mtimes, its hash is reused, so a start-up pays for a few `stat` calls.
    """
    files = sorted(p for p in model_dir.rglob("*") if p.is_file())
    stats = {
        p.relative_to(model_dir).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns] for p in files
    }
    if stamp_path is not None:
        previous = _read_json(stamp_path)
        if previous.get("stats") == stats and previous.get("format") == EXPORT_FORMAT:
            return Fingerprint(str(previous["sha256"]), stats)
    digest = hashlib.sha256(f"berth-onnx-{EXPORT_FORMAT}-opset{OPSET}".encode())
    for path in files:
        digest.update(path.relative_to(model_dir).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            while block := handle.read(_HASH_CHUNK):
                digest.update(block)
    return Fingerprint(digest.hexdigest(), stats)


def _export(model_dir: Path, onnx_path: Path) -> None:
    """Trace the transformer (token embeddings out; pooling stays in numpy) into `onnx_path`."""
    import torch
    from transformers import AutoModel

    # Eager attention: SDPA's mask shortcuts branch on the data, which a trace would freeze.
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Traced with a padded batch, so the attention-mask path is the one recorded.
    input_ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    attention_mask = (input_ids != 0).long()
    token_type_ids = torch.zeros_like(input_ids)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUT_NAMES, "token_embeddings")}
    fd, temporary = tempfile.mkstemp(suffix=".onnx.tmp", dir=onnx_path.parent)
    os.close(fd)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; the export is no secret
    try:
        with torch.no_grad():
            # Positional inputs straight into BertModel fail on torch 2.13 ("multiple values
            # for use_cache"); the wrapper passes them by keyword. dynamo=False: the TorchScript
            # exporter needs only `onnx`, not onnxscript.
            torch.onnx.export(
                TokenEmbeddings(),
                (input_ids, attention_mask, token_type_ids),
                temporary,
                input_names=list(INPUT_NAMES),
                output_names=["token_embeddings"],
                dynamic_axes=axes,
                opset_version=OPSET,
                dynamo=False,
            )
        os.replace(temporary, onnx_path)  # a reader never sees half a file
    finally:
        Path(temporary).unlink(missing_ok=True)


def _slug(model_dir: Path) -> str:
    where = hashlib.sha256(str(model_dir.resolve()).encode()).hexdigest()[:8]
    name = "".join(c if c.isalnum() else "-" for c in model_dir.name)[:40]
    parent = "".join(c if c.isalnum() else "-" for c in model_dir.parent.name)[:40]
    return f"{parent}-{name}-{where}"


def _stamp(target: Path) -> dict[str, Any]:
    return _read_json(target / "stamp.json")


def _write_stamp(target: Path, fingerprint: Fingerprint) -> None:
    stamp = {"format": EXPORT_FORMAT, "sha256": fingerprint.sha256, "stats": fingerprint.stats}
    if _stamp(target) == stamp:
        return
    temporary = target / f"stamp.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    os.replace(temporary, target / "stamp.json")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
