"""`berth serve`: run the API under uvicorn, refusing to expose an unauthenticated server."""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import sys
from typing import Any

import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.errors import InsecureBind, StartupCheckFailed
from api.http_limits import BoundedH11Protocol
from api.logs import configure_logging
from api.security import ApiKeys
from assistant.config import Settings
from assistant.ingest.chroma import check_chroma
from assistant.state.preflight import check_state

logger = logging.getLogger("berth.api")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a hostname other than localhost may resolve anywhere


def check_bind(settings: Settings, host: str) -> str:
    """The line to announce at start; raises InsecureBind for no keys on a non-loopback host."""
    keys = ApiKeys(settings.api_keys)
    if keys.enabled:
        return f"auth is on: {len(keys)} API key(s); send 'Authorization: Bearer <key>'"
    if not is_loopback(host):
        raise InsecureBind(
            f"refusing to listen on {host} with auth off: set BERTH_API_KEYS "
            "(k1,k2 or a JSON list) or use --host 127.0.0.1"
        )
    return "auth is off: no BERTH_API_KEYS configured, so listening on loopback only"


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Blocks until stopped. Raises BerthError (the CLI prints it and exits 2) for an insecure
    bind, or when the model or index cannot be loaded.

    `workers` > 1 runs that many server processes on one socket (uvicorn's supervisor): each
    loads its own model and index (~RSS of one server each, see the README's Speed section)
    and answers with its own GIL, which one process with threads cannot do on several cores.
    """
    announcement = check_bind(settings, host)
    # Seconds of model loading must not come before a one-line failure: the state file and the
    # port are checked first (issue 10, item 11).
    check_state(settings)
    check_chroma(settings)
    sock = bind_socket(host, port)
    configure_logging()
    print(f"berth: {announcement}", file=sys.stderr, flush=True)
    logger.info(announcement, extra={"host": host, "port": port})

    # The worker threads run requests in parallel; the backend splitting each small query
    # embedding over every core as well only makes them contend.
    settings = settings.model_copy(update={"embedding_threads": settings.embedding_threads or 1})
    if workers > 1:
        sock.close()  # uvicorn's supervisor binds its own shared socket
        _serve_processes(settings, host, port, workers)
        return

    # Load before listening: a missing index fails here with one clear line, not a traceback
    # from inside the server's startup.
    from assistant.pipeline.reloading import ReloadingAssistant

    assistant = ReloadingAssistant.from_settings(settings)
    app = create_app(settings, assistant)
    config = uvicorn.Config(app, **uvicorn_options(settings))
    print(f"berth: serving on http://{host}:{port}", file=sys.stderr, flush=True)
    uvicorn.Server(config).run(sockets=[sock])


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How `berth serve` runs uvicorn (tests start their servers with the same options)."""
    proxies = ",".join(settings.trusted_proxies)
    return {
        "log_config": None,  # keep the JSON handler configure_logging installed
        "access_log": False,  # RequestContextMiddleware writes one structured line a request
        "server_header": False,
        "timeout_graceful_shutdown": 5,
        # h11 with a capped request head (431/414), instead of httptools, which reads any size.
        "http": BoundedH11Protocol,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 by default, so any local client could
        # pick its address (and its rate-limit bucket). Only listed proxies are believed.
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
    }


def bind_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the model loads: a busy port is one line, exit 2."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        reason = "already in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
        raise StartupCheckFailed(f"cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(True)
    return sock


# How the parent hands its settings (already merged from flags, env and .env) to the workers.
_SETTINGS_ENV = "BERTH_SERVE_SETTINGS_JSON"


def _serve_processes(settings: Settings, host: str, port: int, workers: int) -> None:
    from assistant.ingest.embeddings import prepare_embeddings
    from assistant.ingest.index import IndexLayout, read_manifest

    # Checked once here rather than failing (and being restarted) in every worker; the ONNX
    # export is made here too, so the workers do not race to write it.
    read_manifest(IndexLayout(settings.index_dir).pinned())
    prepare_embeddings(settings)
    os.environ[_SETTINGS_ENV] = settings.model_dump_json()
    print(
        f"berth: serving on http://{host}:{port} with {workers} worker processes",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(
        "api.server:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # The supervisor kills a worker that does not answer its ping in time, and a worker
        # busy importing and loading on a crowded machine missed uvicorn's default 5 s: it was
        # killed and restarted mid-start.
        timeout_worker_healthcheck=60,
        **uvicorn_options(settings),
    )


def worker_app() -> FastAPI:
    """The app of one worker process (uvicorn imports and calls this in each child)."""
    configure_logging()
    settings = Settings.model_validate_json(os.environ[_SETTINGS_ENV])
    return create_app(settings)  # its lifespan loads the model and index before serving
