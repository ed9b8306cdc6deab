"""One replica vs two on the shared stores, and what each shared store costs per request.

Run: `.venv/bin/python bench/replicas.py` (prints tables; writes nothing in the repo).
Starts throwaway PostgreSQL 15, Redis and Chroma servers on loopback (tests/support/servers.py),
ingests the repo corpus as the one writer (BERTH_INDEX_SHARED), then:

1. load: the same generator (c=16, a fixed number of /v1/ask over a question mix, round-robin
   over the replicas) against one `berth serve` replica, then against two: req/s, p50/p95, errors.
2. per-request cost, in this process, of each shared part against its embedded counterpart:
   a top-k Chroma query (server vs embedded, the same vectors), a conversation write
   (start + one turn: PostgreSQL vs SQLite), a rate-limit check (Redis vs memory).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "support"))

from api_load import QUESTIONS, percentile  # noqa: E402
from berth_testing import berth_env, make_settings  # noqa: E402
from servers import (  # noqa: E402
    ChromaServer,
    PostgresServer,
    RedisServer,
    free_port,
    require_postgres,
)

KEY = "bench-replicas-key"


async def load(bases: list[str], requests: int, concurrency: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    gate = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {KEY}"}

    async with httpx.AsyncClient(timeout=60, headers=headers) as http:

        async def one(n: int) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    r = await http.post(
                        bases[n % len(bases)] + "/v1/ask",
                        json={"question": QUESTIONS[n % len(QUESTIONS)]},
                    )
                    kind = None if r.status_code == 200 else str(r.status_code)
                except httpx.HTTPError as exc:
                    kind = type(exc).__name__
                if kind:
                    errors[kind] = errors.get(kind, 0) + 1
                else:
                    latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(one(n) for n in range(concurrency)))  # warm-up
        latencies.clear()
        errors.clear()
        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(requests)))
        seconds = time.perf_counter() - started
    return {
        "replicas": len(bases),
        "requests": requests,
        "req_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "errors": errors,
    }


def start_replica(env: dict[str, str], index_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    berth = str(Path(sys.executable).with_name("berth"))
    process = subprocess.Popen(
        [berth, "serve", "--port", str(port)],
        env={**env, "BERTH_INDEX_DIR": str(index_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"replica exited with {process.returncode}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("replica not ready")


def timed(fn: Any, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(percentile(samples, 0.95), 3),
    }


def store_costs(settings: Any, redis_url: str, sqlite_path: Path, repeat: int) -> dict[str, Any]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from api.rate_limits import RedisBuckets, RedisRateLimiter
    from api.security import RateLimiter
    from assistant.ingest.chroma import open_chroma
    from assistant.ingest.index import IndexLayout, read_manifest
    from assistant.models import Answer
    from assistant.state.conversations import ConversationStore

    costs: dict[str, Any] = {}
    manifest = read_manifest(IndexLayout(settings.index_dir).pinned())
    server = open_chroma(settings).get_collection(manifest.collection, embedding_function=None)
    stored = server.get(include=["embeddings"], limit=manifest.chunk_count)
    vectors = [list(map(float, v)) for v in stored["embeddings"]]
    embedded_client = chromadb.PersistentClient(
        path=tempfile.mkdtemp(prefix="berth-bench-chroma-"),
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    embedded = embedded_client.create_collection(
        "bench", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )
    for start in range(0, len(vectors), 1000):
        embedded.add(
            ids=stored["ids"][start : start + 1000], embeddings=vectors[start : start + 1000]
        )
    queries = iter(vectors * (repeat // max(1, len(vectors)) + 2))
    for name, collection in (("chroma_query_server", server), ("chroma_query_embedded", embedded)):
        costs[name] = timed(
            lambda c=collection: c.query(
                query_embeddings=[next(queries)], n_results=20, include=["distances"]
            ),
            repeat,
        )

    assert settings.state_url is not None
    for name, source in (
        ("state_write_postgres", settings.state_url.get_secret_value()),
        ("state_write_sqlite", sqlite_path),
    ):
        store = ConversationStore(source, ttl_seconds=3600)

        def write(store: ConversationStore = store) -> None:
            cid = store.start("bench")
            answer = Answer(
                id=f"ans_{os.urandom(8).hex()}", question="q", language="en", answer="a"
            )
            store.record_turn(cid, answer, {"k": "v"}, "bench")

        costs[name] = timed(write, repeat)
        store.close()

    async def checks() -> dict[str, Any]:
        buckets = RedisBuckets(redis_url, timeout_seconds=1, prefix="bench:", policy="closed")
        shared = RedisRateLimiter(buckets, "bench", per_minute=1e9, burst=10**9)
        memory = RateLimiter(per_minute=1e9, burst=10**9)
        out = {}
        for name, limiter in (("rate_limit_redis", shared), ("rate_limit_memory", memory)):
            samples = []
            for n in range(repeat * 5):
                started = time.perf_counter()
                await limiter.take(f"client-{n % 50}")
                samples.append((time.perf_counter() - started) * 1000)
            out[name] = {
                "p50_ms": round(statistics.median(samples), 3),
                "p95_ms": round(percentile(samples, 0.95), 3),
            }
        await buckets.aclose()
        return out

    costs.update(asyncio.run(checks()))
    return costs


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=200, help="samples per store cost")
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    root = Path(tempfile.mkdtemp(prefix="berth-bench-replicas-"))
    postgres = PostgresServer(require_postgres()).init().start()
    redis = RedisServer("/usr/bin/redis-server").start()
    chroma = ChromaServer(root / "chroma").start()
    replicas: list[subprocess.Popen[bytes]] = []
    try:
        state_url = postgres.new_database()
        settings = make_settings(
            root / "job",
            index_dir=root / "job" / "index",
            chroma_url=chroma.url,
            state_url=state_url,
            index_shared=True,
        )
        from assistant.ingest.embeddings import embeddings_for
        from assistant.ingest.index import ingest

        report = ingest(settings, lambda: embeddings_for(settings))
        print(f"ingest: {report.chunks} chunks into the shared stores in {report.seconds:.1f} s")
        env = berth_env(
            settings,
            BERTH_STATE_URL=state_url,
            BERTH_CHROMA_URL=chroma.url,
            BERTH_REDIS_URL=redis.url,
            BERTH_INDEX_SHARED="true",
            BERTH_API_KEYS=json.dumps([KEY]),
            BERTH_RATE_LIMIT_BURST="1000000",
            BERTH_RATE_LIMIT_PER_MINUTE="100000000",
        )
        results = []
        bases: list[str] = []
        for n in (1, 2):
            process, base = start_replica(env, root / f"replica-{n}" / "index")
            replicas.append(process)
            bases.append(base)
            results.append(asyncio.run(load(bases, args.requests, args.concurrency)))
        print("\n| replicas | requests | req/s | p50 ms | p95 ms | errors |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r in results:
            print(
                f"| {r['replicas']} | {r['requests']} | {r['req_per_s']} | {r['p50_ms']} |"
                f" {r['p95_ms']} | {r['errors'] or 0} |"
            )
        costs = store_costs(settings, redis.url, root / "bench.sqlite3", args.repeat)
        print("\n| per request | p50 ms | p95 ms |")
        print("| --- | --- | --- |")
        for name, cost in costs.items():
            print(f"| {name} | {cost['p50_ms']} | {cost['p95_ms']} |")
        return {"load": results, "costs": costs}
    finally:
        for process in replicas:
            process.terminate()
            process.wait(timeout=30)
        chroma.stop()
        redis.stop()
        postgres.remove()


if __name__ == "__main__":
    main()
