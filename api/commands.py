"""`berth serve`, plugged into the CLI through the `berth.commands` entry point."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.config import Settings


def register(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the HTTP API (loopback only without API keys)")
    serve.add_argument("--host", help="address to listen on (default: BERTH_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: BERTH_PORT, 8000)")
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from api.server import serve  # imported late: uvicorn and FastAPI are not needed elsewhere

    port = settings.port if args.port is None else args.port
    serve(settings, args.host or settings.host, port)
    return 0
