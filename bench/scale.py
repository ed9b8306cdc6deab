"""How cost grows with the corpus: 1k, 10k, 100k chunks of a generated corpus (never committed).

Run: `.venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--max-seconds S]`.
For each size, in fresh child processes: generate notes (sentences of the real notes, recombined,
each section tagged so no two chunks are equal) next to the real tables, `ingest` them with the
ONNX embeddings (chunks/s), measure the index on disk, then load an Assistant on it as a server
would and time full answers (p50/p95) and its RSS. Writes bench/out/scale.md and scale.png
(gitignored).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from targets import QUESTIONS, REPO

OUT = REPO / "bench" / "out"
SECTIONS_PER_FILE = 200


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def generate_corpus(root: Path, chunks: int, seed: int = 13) -> Path:
    """The repo corpus plus generated notes: about `chunks` chunks in all."""
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    sentences = [
        s.strip()
        for note in sorted((REPO / "corpus" / "notes").glob("*.md"))
        for s in re.split(r"(?<=[.!?])\s+", note.read_text(encoding="utf-8").split("---", 2)[2])
        if 40 <= len(s.strip()) <= 300 and not s.strip().startswith(("#", "|", "-"))
    ]
    rng = random.Random(seed)
    wanted = max(0, chunks - 429)  # the repo corpus gives 429 chunks
    for start in range(0, wanted, SECTIONS_PER_FILE):
        lines = [
            "---",
            f'title: "Generated note {start // SECTIONS_PER_FILE}"',
            "topics: [generated]",
            "sources: [https://example.com/generated]",
            "checked: 2026-12-01",
            "---",
            "",
            f"# Generated note {start // SECTIONS_PER_FILE}",
            "",
        ]
        for n in range(start, min(wanted, start + SECTIONS_PER_FILE)):
            body = " ".join(rng.sample(sentences, 3))
            lines += [f"## Case {n}", "", f"Case ref-{n}: {body}", ""]
        (corpus / "notes" / f"generated-{start // SECTIONS_PER_FILE:04d}.md").write_text(
            "\n".join(lines), encoding="utf-8"
        )
    return corpus


def child_ingest(root: Path) -> dict[str, Any]:
    from berth_testing import make_settings

    from assistant.ingest.embeddings import embeddings_for, enforce_offline
    from assistant.ingest.index import ingest

    enforce_offline()
    settings = make_settings(
        root, corpus_dir=root / "corpus", model_cache_dir=REPO / "var" / "models"
    )
    report = ingest(settings, lambda: embeddings_for(settings))
    size = sum(p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file())
    return {
        "chunks": report.chunks,
        "ingest_s": report.seconds,
        "chunks_per_s": report.embedded / report.seconds,
        "index_mb": size / 1e6,
        "ingest_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child_query(root: Path, rounds: int) -> dict[str, Any]:
    from berth_testing import make_settings

    from assistant.ingest.embeddings import enforce_offline
    from assistant.pipeline.assistant import Assistant

    enforce_offline()
    settings = make_settings(
        root,
        corpus_dir=root / "corpus",
        model_cache_dir=REPO / "var" / "models",
        embedding_threads=1,
    )
    started = time.perf_counter()
    assistant = Assistant.from_settings(settings)
    load_s = time.perf_counter() - started
    for question in QUESTIONS:
        assistant.ask(question)
    latencies = []
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            assistant.ask(question)
            latencies.append((time.perf_counter() - started) * 1000)
    ordered = sorted(latencies)
    return {
        "load_s": load_s,
        "p50_ms": statistics.median(latencies),
        "p95_ms": ordered[round(0.95 * (len(ordered) - 1))],
        "rss_mb": _rss_mb(),
    }


def run_child(mode: str, root: Path, timeout: float, rounds: int) -> dict[str, Any] | None:
    command = [sys.executable, __file__, "--child", mode, str(root), "--rounds", str(rounds)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def render(rows: list[dict[str, Any]]) -> str:
    header = (
        "| chunks | ingest chunks/s | index on disk | load | query p50 | query p95 | RSS "
        "| load avg |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    )
    lines = [header]
    for r in rows:
        if "p50_ms" not in r:
            lines.append(
                f"| {r['target']} | not finished within the bound | | | | | | {r['load']} |"
            )
            continue
        lines.append(
            f"| {r['chunks']:,} | {r['chunks_per_s']:.0f} | {r['index_mb']:.0f} MB | "
            f"{r['load_s']:.1f} s | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | "
            f"{r['rss_mb']:.0f} MB | {r['load']} |"
        )
    return "\n".join(lines)


def chart(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = [r for r in rows if "p50_ms" in r]
    x = [r["chunks"] for r in done]
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
    panels = [
        ("ingest (chunks/s)", [("chunks/s", [r["chunks_per_s"] for r in done])]),
        ("index on disk (MB)", [("MB", [r["index_mb"] for r in done])]),
        (
            "full answer (ms)",
            [("p50", [r["p50_ms"] for r in done]), ("p95", [r["p95_ms"] for r in done])],
        ),
        ("RSS serving (MB)", [("MB", [r["rss_mb"] for r in done])]),
    ]
    for axis, (title, series) in zip(axes, panels, strict=True):
        for label, values in series:
            axis.plot(x, values, marker="o", label=label)
        axis.set_xscale("log")
        axis.set_title(title)
        axis.set_xlabel("chunks")
        if len(series) > 1:
            axis.legend()
    fig.suptitle(f"Berth at scale (2 cores; load average at the end {loadavg()})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--max-seconds", type=float, default=3600, help="per child process")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, root = args.child
        result = (
            child_ingest(Path(root)) if mode == "ingest" else child_query(Path(root), args.rounds)
        )
        print(json.dumps(result))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for size in args.sizes:
        root = Path(tempfile.mkdtemp(prefix=f"berth-scale-{size}-"))
        generate_corpus(root, size)
        row: dict[str, Any] = {"target": size}
        ingested = run_child("ingest", root, args.max_seconds, args.rounds)
        queried = ingested and run_child("query", root, args.max_seconds, args.rounds)
        row.update(ingested or {}, **(queried or {}), load=loadavg())
        rows.append(row)
        print(json.dumps(row), flush=True)
        shutil.rmtree(root, ignore_errors=True)
        (OUT / "scale.md").write_text(render(rows) + "\n", encoding="utf-8")
    print(render(rows))
    chart(rows, OUT / "scale.png")
    print(f"wrote {OUT / 'scale.md'} and {OUT / 'scale.png'}")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
