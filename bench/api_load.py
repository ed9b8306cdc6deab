"""Load on the real API: `berth serve` on loopback, driven with bounded concurrency.

Run: `.venv/bin/python bench/api_load.py` (prints tables; writes nothing in the repo).
It ingests the repo corpus into a temporary folder (or uses --index-dir), starts `berth serve`
as a child process (so the server's RSS and CPU are its own), then runs, with a fixed number
of requests each: a warm-up, one phase per concurrency level (default 8 and 32), and a soak of
10,000 requests that samples the server's RSS every 1,000 to show whether memory grows.
The mix is mostly /v1/ask, with streams (read to the `done` event) and follow-ups.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "Can I run my .NET Framework app on GKE?",
    "Can I deploy a Windows container to Cloud Run?",
    "Can a Windows Server 2022 host run an ltsc2019 image?",
    "Does EKS Fargate support Windows pods?",
    "Which base image should I use for IIS?",
    "Does AKS support Hyper-V isolation?",
    "Can Docker Desktop on Mac run Windows containers?",
    "What is nanoserver?",
    "GKE에서 .NET Framework 앱을 실행할 수 있나요?",
    "Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?",
    "나노 서버에 파워셸이 있나요?",
    "What's the best pizza in Seoul?",
]


@dataclass
class Phase:
    name: str
    concurrency: int
    requests: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    rss_samples_mb: list[tuple[int, float]] = field(default_factory=list)

    def add_error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def rss_mb(pid: int) -> float:
    """RSS of the server: the process and, with `--workers`, its worker processes."""
    total = 0.0
    for member in [pid, *_descendants(pid)]:
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except FileNotFoundError:
            continue  # gone between listing and reading
        total += sum(int(line.split()[1]) / 1024 for line in lines if line.startswith("VmRSS:"))
    return total


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


async def one_request(http: httpx.AsyncClient, n: int, phase: Phase, last: dict[str, str]) -> None:
    """One HTTP request: every 10th a stream, every 10th a follow-up in this worker's last
    conversation, the rest a plain ask. Latency is to the last byte (the `done` event)."""
    question = QUESTIONS[n % len(QUESTIONS)]
    kind = n % 10
    started = time.perf_counter()
    try:
        if kind == 0:
            async with http.stream("POST", "/v1/ask/stream", json={"question": question}) as r:
                if r.status_code != 200:
                    phase.add_error(f"stream {r.status_code}")
                    return
                event = ""
                async for line in r.aiter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                if event != "done":
                    phase.add_error(f"stream ended with {event or 'nothing'}")
                    return
        else:
            body = {"question": question}
            if kind == 1 and "cid" in last:
                body = {"question": "what about EKS?", "conversation_id": last["cid"]}
            r = await http.post("/v1/ask", json=body)
            if r.status_code != 200:
                phase.add_error(f"ask {r.status_code}")
                return
            last["cid"] = r.json()["conversation_id"]
    except httpx.HTTPError as exc:
        phase.add_error(type(exc).__name__)
        return
    phase.latencies_ms.append((time.perf_counter() - started) * 1000)


async def run_phase(base: str, phase: Phase, pid: int, sample_every: int = 0) -> Phase:
    counter = iter(range(phase.requests))
    done = 0
    limits = httpx.Limits(
        max_connections=phase.concurrency, max_keepalive_connections=phase.concurrency
    )
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:

        async def worker() -> None:
            nonlocal done
            last: dict[str, str] = {}
            for n in counter:  # a shared iterator: each request is taken exactly once
                await one_request(http, n, phase, last)
                done += 1
                if sample_every and done % sample_every == 0:
                    phase.rss_samples_mb.append((done, rss_mb(pid)))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(phase.concurrency)))
        phase.seconds = time.perf_counter() - started
    return phase


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_index(root: Path) -> dict[str, str]:
    from assistant.config import Settings
    from assistant.ingest.embeddings import enforce_offline, load_embeddings
    from assistant.ingest.index import ingest

    enforce_offline()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        corpus_dir=REPO / "corpus",
        index_dir=root / "index",
        state_db=root / "state.sqlite3",
    )
    ingest(settings, lambda: load_embeddings(settings.embedding_model))
    return {
        "BERTH_CORPUS_DIR": str(settings.corpus_dir),
        "BERTH_INDEX_DIR": str(settings.index_dir),
        "BERTH_STATE_DB": str(settings.state_db),
    }


def start_server(
    paths: dict[str, str], port: int, workers: int, log: Path, processes: int = 1
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(
        paths,
        BERTH_RATE_LIMIT_BURST="1000000",
        BERTH_RATE_LIMIT_PER_MINUTE="100000000",
        BERTH_API_WORKERS=str(workers),
        BERTH_REQUEST_TIMEOUT_SECONDS="30",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        ANONYMIZED_TELEMETRY="False",
        TOKENIZERS_PARALLELISM="false",
    )
    command = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1"]
    return subprocess.Popen(
        [*command, "--port", str(port), "--workers", str(processes)],
        env=env,
        cwd=REPO,
        stderr=log.open("wb"),
    )


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit("server never became ready")


def report(phase: Phase) -> dict[str, object]:
    lat = phase.latencies_ms
    errors = sum(phase.errors.values())
    return {
        "phase": phase.name,
        "concurrency": phase.concurrency,
        "requests": phase.requests,
        "ok": len(lat),
        "errors": errors,
        "error_kinds": phase.errors,
        "seconds": round(phase.seconds, 2),
        "throughput_rps": round(phase.requests / phase.seconds, 1) if phase.seconds else 0.0,
        "p50_ms": round(percentile(lat, 0.50), 1),
        "p95_ms": round(percentile(lat, 0.95), 1),
        "p99_ms": round(percentile(lat, 0.99), 1),
        "mean_ms": round(statistics.fmean(lat), 1) if lat else 0.0,
        "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--requests", type=int, default=1000, help="per concurrency phase")
    parser.add_argument("--soak", type=int, default=10_000, help="requests in the memory soak")
    parser.add_argument("--soak-concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4, help="BERTH_API_WORKERS")
    parser.add_argument(
        "--processes", type=int, default=1, help="`berth serve --workers`: server processes"
    )
    parser.add_argument("--index-dir", type=Path, help="reuse an index (else build one)")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="berth-api-load-"))
    if args.index_dir:
        paths = {
            "BERTH_INDEX_DIR": str(args.index_dir),
            "BERTH_CORPUS_DIR": str(REPO / "corpus"),
            "BERTH_STATE_DB": str(root / "state.sqlite3"),
        }
    else:
        print("building a temporary index from corpus/ ...", flush=True)
        paths = build_index(root)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = root / "server.log"
    proc = start_server(paths, port, args.workers, log, args.processes)
    try:
        ready_s = wait_ready(base, proc)
        rss_start = rss_mb(proc.pid)
        print(
            f"server ready in {ready_s:.1f} s, RSS {rss_start:.0f} MB (pid {proc.pid})", flush=True
        )
        asyncio.run(run_phase(base, Phase("warmup", 8, args.warmup), proc.pid))
        rss_warm = rss_mb(proc.pid)
        results = []
        for c in args.concurrency:
            phase = asyncio.run(run_phase(base, Phase(f"c={c}", c, args.requests), proc.pid))
            results.append(report(phase))
            print(json.dumps(results[-1]), flush=True)
        soak = Phase("soak", args.soak_concurrency, args.soak)
        rss_before_soak = rss_mb(proc.pid)
        asyncio.run(run_phase(base, soak, proc.pid, sample_every=max(1, args.soak // 10)))
        rss_after = rss_mb(proc.pid)
        results.append(report(soak))
        print(json.dumps(results[-1]), flush=True)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()

    print()
    print(
        f"{'phase':<8} {'conc':>4} {'reqs':>6} {'errors':>6} {'req/s':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  load average"
    )
    for r in results:
        print(
            f"{r['phase']:<8} {r['concurrency']:>4} {r['requests']:>6} {r['errors']:>6} "
            f"{r['throughput_rps']:>7} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8}"
            f"  {r['loadavg']}"
        )
    print()
    print(
        f"RSS: at ready {rss_start:.0f} MB, after warm-up {rss_warm:.0f} MB, "
        f"before soak {rss_before_soak:.0f} MB, after soak {rss_after:.0f} MB"
    )
    samples = ", ".join(f"{n}: {mb:.0f}" for n, mb in soak.rss_samples_mb)
    print(f"RSS during the {args.soak}-request soak (requests: MB): {samples}")
    growth = rss_after - rss_before_soak
    print(f"RSS growth across the soak: {growth:+.1f} MB")
    return {
        "phases": results,
        "rss_mb": {
            "ready": rss_start,
            "warm": rss_warm,
            "before_soak": rss_before_soak,
            "after_soak": rss_after,
            "soak_samples": soak.rss_samples_mb,
        },
    }


if __name__ == "__main__":
    main()
