"""Integration: `berth serve --workers 2` runs two server processes that both answer on one port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import DEFAULT_MODEL_CACHE, Settings

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _serving_workers(pid: int) -> list[int]:
    # uvicorn's supervisor also keeps multiprocessing's resource tracker as a child.
    workers = []
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"spawn_main" in command:
            workers.append(child)
    return workers


def test_two_worker_processes_answer(
    built_index_settings: Settings, embeddings: Embeddings
) -> None:
    settings = built_index_settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(
        BERTH_CORPUS_DIR=str(settings.corpus_dir),
        BERTH_INDEX_DIR=str(settings.index_dir),
        BERTH_STATE_DB=str(settings.state_db),
        BERTH_MODEL_CACHE_DIR=str(DEFAULT_MODEL_CACHE.resolve()),
        BERTH_RATE_LIMIT_BURST="1000",
    )
    port = _free_port()
    command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--workers", "2"], env=env, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        # Ready means both workers have loaded: each serves only once its lifespan is done.
        while len(_serving_workers(proc.pid)) < 2 or not _ready(base):
            assert proc.poll() is None, "berth serve exited early"
            assert time.monotonic() < deadline, "workers never became ready"
            time.sleep(0.25)
        workers = _serving_workers(proc.pid)
        assert len(workers) == 2
        with httpx.Client(base_url=base, timeout=60) as http:
            for _ in range(6):
                response = http.post("/v1/ask", json={"question": "Can Cloud Run run Windows?"})
                assert response.status_code == 200, response.text
                assert response.json()["verdict"]["status"] == "no"
        assert sorted(_serving_workers(proc.pid)) == sorted(workers), "a worker was restarted"
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert "with 2 worker processes" in stderr
    assert "Traceback" not in stderr


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False
