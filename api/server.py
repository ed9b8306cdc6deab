"""`berth serve`: run the API under uvicorn, refusing to expose an unauthenticated server."""

from __future__ import annotations

import ipaddress
import logging
import sys

import uvicorn

from api.app import create_app
from api.errors import InsecureBind
from api.logs import configure_logging
from api.security import ApiKeys
from assistant.config import Settings

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
            f"refusing to listen on {host} with auth off: set BERTH_API_KEYS (a JSON list) "
            "or use --host 127.0.0.1"
        )
    return "auth is off: no BERTH_API_KEYS configured, so listening on loopback only"


def serve(settings: Settings, host: str, port: int) -> None:
    """Blocks until stopped. Raises BerthError (the CLI prints it and exits 2) for an insecure
    bind, or when the model or index cannot be loaded."""
    announcement = check_bind(settings, host)
    configure_logging()
    print(f"berth: {announcement}", file=sys.stderr, flush=True)
    logger.info(announcement, extra={"host": host, "port": port})

    # Load before listening: a missing index fails here with one clear line, not a traceback
    # from inside the server's startup.
    from assistant.pipeline.assistant import Assistant

    # The worker threads run requests in parallel; torch splitting each small query embedding
    # over every core as well only makes them contend (c=8 on 2 cores: 62 -> see the issue note).
    settings = settings.model_copy(update={"embedding_threads": settings.embedding_threads or 1})
    assistant = Assistant.from_settings(settings)
    app = create_app(settings, assistant)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # keep the JSON handler configure_logging installed
        access_log=False,  # RequestContextMiddleware writes one structured line a request
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    print(f"berth: serving on http://{host}:{port}", file=sys.stderr, flush=True)
    uvicorn.Server(config).run()
