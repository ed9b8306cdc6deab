"""A short fault-and-abuse run against a real `berth serve` (issue 10's figures).

Run: `.venv/bin/python bench/abuse.py [--seconds 60] [--concurrency 32] [--index-dir var/index]`
(builds the index with `berth ingest` when it is not up to date; writes only to a temp folder
and the index folder). Four phases, each printing its numbers:

1. kill -9 under write load: 8 writers ask and rate answers; the server is SIGKILLed mid-load
   and restarted; every answer and rating it acknowledged (200/201) is looked up afterwards.
2. X-Forwarded-For flood, auth off: 300 requests, each with a new forwarded address.
3. big headers: 4 parallel requests with 50 MB of headers; the server's RSS before and after.
4. c=32 for 60 s of /v1/ask: p50/p95, errors, requests/s, RSS before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from targets import QUESTIONS

REPO = Path(__file__).resolve().parents[1]
BERTH = str(Path(sys.executable).with_name("berth"))
KEY = "bench-abuse-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}


class Server:
    """`berth serve` as a child process, so its RSS is its own."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.base = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        self.proc = subprocess.Popen(
            [BERTH, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"berth serve exited with {self.proc.returncode}")
            time.sleep(0.3)
        raise SystemExit("berth serve did not become ready")

    def rss_mb(self) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def phase_kill_under_writes(env: dict[str, str], state_db: Path, seconds: float) -> None:
    server = Server(env, free_port()).start()
    acked_answers: set[str] = set()
    acked_feedback: set[str] = set()
    errors = 0
    stop = threading.Event()
    lock = threading.Lock()

    def writer(n: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=server.base, headers=AUTH, timeout=30) as http:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    asked = http.post(
                        "/v1/ask", json={"question": QUESTIONS[(n + i) % len(QUESTIONS)]}
                    )
                    if asked.status_code != 200:
                        continue
                    answer_id = asked.json()["id"]
                    with lock:
                        acked_answers.add(answer_id)
                    rated = http.post(
                        "/v1/feedback", json={"answer_id": answer_id, "rating": "down"}
                    )
                    if rated.status_code == 201:
                        with lock:
                            acked_feedback.add(rated.json()["id"])
                except httpx.HTTPError:
                    with lock:
                        errors += 1  # the kill cuts the requests in flight: expected

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    server.kill9()
    stop.set()
    for thread in threads:
        thread.join()
    server = Server(env, server.port).start()  # it must start again on the same state file
    with sqlite3.connect(state_db) as db:
        turns = {row[0] for row in db.execute("SELECT answer_id FROM turns")}
        ratings = {row[0] for row in db.execute("SELECT id FROM feedback")}
    server.stop()
    print("## kill -9 under write load (8 writers)")
    print(f"answers acknowledged {len(acked_answers)}, survived {len(acked_answers & turns)}")
    print(f"ratings acknowledged {len(acked_feedback)}, survived {len(acked_feedback & ratings)}")
    print(f"requests cut by the kill: {errors}; restart after kill -9: ok\n")


def phase_xff_flood(env: dict[str, str]) -> None:
    open_env = {k: v for k, v in env.items() if k != "BERTH_API_KEYS"}
    open_env.update(BERTH_RATE_LIMIT_BURST="30", BERTH_RATE_LIMIT_PER_MINUTE="120")
    server = Server(open_env, free_port()).start()
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=server.base, timeout=30) as http:
        for i in range(300):
            forwarded = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
            status = http.get(
                "/v1/conversations/c_none", headers={"X-Forwarded-For": forwarded}
            ).status_code
            statuses[status] = statuses.get(status, 0) + 1
    server.stop()
    print("## X-Forwarded-For flood, auth off (burst 30): 300 requests, 300 forwarded addresses")
    print(f"statuses: {dict(sorted(statuses.items()))} (429 = still one client to the limiter)\n")


def phase_big_headers(env: dict[str, str]) -> None:
    server = Server(env, free_port()).start()
    before = server.rss_mb()
    results: list[str] = []

    def big(n: int) -> None:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
                sock.sendall(b"GET /v1/conversations/x HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                chunk = b"X-Pad: " + b"a" * 65_536 + b"\r\n"
                sent = 0
                while sent < 50 * 1024 * 1024:
                    sock.sendall(chunk)
                    sent += len(chunk)
                results.append("sent all 50 MB (not refused)")
        except OSError:
            results.append("refused")
        # What the server said before closing, if anything could be read.

    started = time.monotonic()
    threads = [threading.Thread(target=big, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    reply = _first_line_of_oversized(server.port)
    after = server.rss_mb()
    ok = httpx.get(f"{server.base}/v1/conversations/x", headers=AUTH, timeout=10).status_code
    server.stop()
    print("## big headers: 4 parallel requests with 50 MB of headers")
    print(f"outcomes: {results} in {elapsed:.1f} s; a 64 KB head gets: {reply}")
    print(f"server RSS before {before:.0f} MB, after {after:.0f} MB; next request: {ok}\n")


def _first_line_of_oversized(port: int) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"GET /v1/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 65_536 + b"\r\n\r\n"
        )
        return sock.recv(4096).split(b"\r\n", 1)[0].decode()


async def _load(base: str, concurrency: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    async def worker(n: int, http: httpx.AsyncClient) -> None:
        i = n
        while time.monotonic() < deadline:
            i += 1
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]}
                )
                kind = None if response.status_code == 200 else str(response.status_code)
            except httpx.HTTPError as exc:
                kind = type(exc).__name__
            if kind:
                errors[kind] = errors.get(kind, 0) + 1
            else:
                latencies.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=AUTH, timeout=60, limits=limits) as http:
        await asyncio.gather(*(worker(n, http) for n in range(concurrency)))
    return {"latencies": latencies, "errors": errors}


def phase_load(env: dict[str, str], concurrency: int, seconds: float) -> None:
    server = Server(env, free_port()).start()
    before = server.rss_mb()
    result = asyncio.run(_load(server.base, concurrency, seconds))
    after = server.rss_mb()
    server.stop()
    latencies = sorted(result["latencies"])
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    print(f"## c={concurrency} for {seconds:.0f} s of POST /v1/ask")
    print(
        f"ok {len(latencies)} ({len(latencies) / seconds:.1f}/s), errors {result['errors']}, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    print(f"server RSS before {before:.0f} MB, after {after:.0f} MB\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load phase")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--write-seconds", type=float, default=20.0, help="writes before kill")
    parser.add_argument("--index-dir", type=Path, default=REPO / "var" / "index")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="berth-abuse-"))
    state_db = root / "state.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ORT_DISABLE_TELEMETRY="1",
        ANONYMIZED_TELEMETRY="False",
        BERTH_INDEX_DIR=str(args.index_dir),
        BERTH_STATE_DB=str(state_db),
        BERTH_API_KEYS=KEY,
        BERTH_RATE_LIMIT_BURST="100000",
        BERTH_RATE_LIMIT_PER_MINUTE="1000000",
        BERTH_REQUEST_TIMEOUT_SECONDS="30",
    )
    subprocess.run([BERTH, "ingest"], env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    print(f"# bench/abuse.py (state in {root})\n")
    phase_kill_under_writes(env, state_db, args.write_seconds)
    phase_xff_flood(env)
    phase_big_headers(env)
    phase_load(env, args.concurrency, args.seconds)


if __name__ == "__main__":
    main()
