"""Cold start, in one run: the bare import floor, one-shot `berth ask`, `berth serve` to ready.

Run: `.venv/bin/python bench/cold_start.py [--runs N]` against a fresh index in a temporary
folder (ONNX export already cached). Prints medians of wall time, the CPU seconds each process
used and its peak RSS, with the load average at each measurement. Targets (issue 13): serve
ready <= 2 s, `berth ask` <= 2 s, serve RSS <= 350 MB.
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
from pathlib import Path

import httpx
from targets import REPO

FLOOR = "import onnxruntime, chromadb, fastapi"
QUESTION = "Can I run my .NET Framework app on GKE?"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MB) of one process.

    The peak RSS comes from GNU time: a child's own ru_maxrss would count the pages of this
    (large) benchmark process it was forked from, before it exec'd.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        timed = ["/usr/bin/time", "-q", "-f", "%U %S %M", "-o", report.name, *command]
        started = time.perf_counter()
        done = subprocess.run(timed, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{command} failed")
        user, system, peak_kb = report.read().split()[-3:]
    return wall, float(user) + float(system), int(peak_kb) / 1024


def serve_once(env: dict[str, str], port: int) -> tuple[float, float, float]:
    """Seconds from `berth serve` starting to /readyz answering 200; CPU and RSS at that point."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"berth serve exited with {proc.returncode}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        ready = time.perf_counter() - started
        stat = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        rss = _rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    return ready, cpu, rss


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    from berth_testing import make_settings

    from assistant.ingest.embeddings import embeddings_for, enforce_offline, prepare_embeddings
    from assistant.ingest.index import ingest

    enforce_offline()
    root = Path(tempfile.mkdtemp(prefix="berth-cold-"))
    settings = make_settings(root, model_cache_dir=REPO / "var" / "models")
    prepare_embeddings(settings)
    ingest(settings, lambda: embeddings_for(settings))
    env = {
        **os.environ,
        "BERTH_CORPUS_DIR": str(settings.corpus_dir),
        "BERTH_INDEX_DIR": str(settings.index_dir),
        "BERTH_STATE_DB": str(settings.state_db),
        "BERTH_MODEL_CACHE_DIR": str(settings.model_cache_dir),
    }
    # `berth ingest` once: it saves the validated tables into the index, as `make index` does.
    run_once([sys.executable, "-m", "assistant.cli", "ingest"], env)

    port = _free_port()
    measures = {
        "bare import floor": lambda: run_once([sys.executable, "-c", FLOOR], env),
        "berth ask (one-shot)": lambda: run_once(
            [sys.executable, "-m", "assistant.cli", "ask", QUESTION], env
        ),
        "berth serve to ready": lambda: serve_once(env, port),
    }
    print(f"{'':<22} {'wall s':>7} {'cpu s':>6} {'RSS MB':>7}  load average at each run")
    for name, measure in measures.items():
        runs = []
        for _ in range(args.runs):
            runs.append((*measure(), loadavg()))
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = statistics.median(r[2] for r in runs)
        loads = ", ".join(r[3] for r in runs)
        print(f"{name:<22} {wall:7.2f} {cpu:6.2f} {rss:7.0f}  {loads}")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    main()
