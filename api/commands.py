"""`berth serve`, plugged into the CLI through the `berth.commands` entry point."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.config import Settings


def register(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the HTTP API (loopback only without API keys)")
    serve.add_argument("--host", help="address to listen on (default: BERTH_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: BERTH_PORT, 8000)")
    serve.add_argument(
        "--workers",
        type=_positive,
        help="server processes sharing the port, each with its own model and index "
        "(default: BERTH_SERVE_WORKERS, 1)",
    )
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from api.server import serve  # imported late: uvicorn and FastAPI are not needed elsewhere

    port = settings.port if args.port is None else args.port
    workers = settings.serve_workers if args.workers is None else args.workers
    serve(settings, args.host or settings.host, port, workers)
    return 0


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes from 1 to 64, not {text!r}"
        )
    return value
