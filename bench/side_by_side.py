"""The floor, Berth's full answer and the naive LangChain RAG, on the same questions, in one run:
in process, then over HTTP (one request at a time, same uvicorn + middleware stack for all three).

Run: `.venv/bin/python bench/side_by_side.py [--rounds N]` (prints a table with the ratios and
the load average; writes nothing in the repo). Targets (issue 13): Berth <= 2x the floor and
<= 1.2x the naive RAG.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from targets import QUESTIONS, REPO, build_targets

NAMES = ("floor", "berth", "naive")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def one_pass(call: Callable[[str], object]) -> list[float]:
    latencies = []
    for question in QUESTIONS:
        started = time.perf_counter()
        call(question)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def interleaved(calls: dict[str, Callable[[str], object]], rounds: int) -> dict[str, list[float]]:
    """Round-robin passes over the targets, so a change in the machine's load (other work on
    these 2 cores) hits all three alike; one untimed pass each first, to warm up."""
    for call in calls.values():
        one_pass(call)
    results: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            results[name] += one_pass(call)
    return results


def row(label: str, results: dict[str, list[float]]) -> list[str]:
    p50 = {name: statistics.median(results[name]) for name in NAMES}
    lines = [f"{label} (load average {loadavg()})"]
    for name in NAMES:
        values = results[name]
        lines.append(
            f"  {name:<6} p50 {p50[name]:7.2f} ms   p95 {percentile(values, 0.95):7.2f} ms   "
            f"mean {statistics.fmean(values):7.2f} ms   n={len(values)}"
        )
    lines.append(
        f"  ratios (p50): berth / floor = {p50['berth'] / p50['floor']:.2f} (target <= 2.0), "
        f"berth / naive = {p50['berth'] / p50['naive']:.2f} (target <= 1.2)"
    )
    return lines


def http_targets(base: str) -> tuple[httpx.Client, dict[str, Callable[[str], object]]]:
    http = httpx.Client(base_url=base, timeout=60)
    paths = {"floor": "/bench/floor", "berth": "/v1/ask", "naive": "/bench/naive"}

    def caller(path: str) -> Callable[[str], object]:
        def call(question: str) -> object:
            response = http.post(path, json={"question": question})
            response.raise_for_status()
            return response

        return call

    return http, {name: caller(path) for name, path in paths.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="passes over the questions")
    args = parser.parse_args(argv)

    from berth_testing import make_settings

    from assistant.ingest.embeddings import embeddings_for, enforce_offline
    from assistant.ingest.index import ingest

    enforce_offline()
    root = Path(tempfile.mkdtemp(prefix="berth-side-by-side-"))
    settings = make_settings(root, embedding_threads=1)
    ingest(settings, lambda: embeddings_for(settings))
    targets = build_targets(settings, root / "baseline")
    report = row("in process", interleaved(targets, args.rounds))

    port = _free_port()
    env = {
        **os.environ,
        "BERTH_CORPUS_DIR": str(settings.corpus_dir),
        "BERTH_INDEX_DIR": str(settings.index_dir),
        "BERTH_STATE_DB": str(root / "server-state.sqlite3"),
        "BERTH_RATE_LIMIT_BURST": "1000000",
        "BERTH_RATE_LIMIT_PER_MINUTE": "100000000",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "bench" / "bench_server.py"),
            str(port),
            str(root / "baseline"),
        ],
        env=env,
        cwd=REPO,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(f"http://127.0.0.1:{port}", server)
        http, calls = http_targets(f"http://127.0.0.1:{port}")
        with http:
            report += row("over HTTP, one request at a time", interleaved(calls, args.rounds))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print("\n".join(report))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("bench server never became ready")


if __name__ == "__main__":
    main()
