"""A real uvicorn serving an app on a free loopback port, for integration tests and benchmarks."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import uvicorn


@contextlib.contextmanager
def running(app: Any, **options: Any) -> Iterator[str]:
    """Yields the base URL once /healthz answers; stops the server on exit.

    `options`: more uvicorn.Config arguments, e.g. `api.server.uvicorn_options(settings)` to run
    the server exactly as `berth serve` does."""
    # Binding port 0 ourselves and handing uvicorn the socket leaves no window for a port race.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, **{"log_config": None, "access_log": False, "lifespan": "on", **options}
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop"


def read_events(response: httpx.Response) -> list[tuple[str, dict[str, Any]]]:
    """Parse SSE as it arrives, keeping the order the server sent."""
    events, name = [], None
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            assert name is not None
            events.append((name, json.loads(line[len("data: ") :])))
            name = None
    return events


def ask_streamed(
    base: str, question: str, timeout: float
) -> tuple[list[str], list[dict[str, Any]], str]:
    """POST /v1/ask/stream on a running server: the event kinds and data in order, and the
    /metrics text read afterwards."""
    with httpx.stream(
        "POST", f"{base}/v1/ask/stream", json={"question": question}, timeout=timeout
    ) as response:
        assert response.status_code == 200
        events = read_events(response)
    metrics = httpx.get(f"{base}/metrics", timeout=5).text
    return [kind for kind, _ in events], [data for _, data in events], metrics
