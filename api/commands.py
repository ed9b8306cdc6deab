"""`berth serve`, plugged into the CLI through the `berth.commands` entry point."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.config import Settings


def register(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the HTTP API with uvicorn")
    serve.add_argument("--host", default=None, help="bind address (default: BERTH_HOST)")
    serve.add_argument("--port", type=int, default=None, help="port (default: BERTH_PORT)")
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from api.server import serve

    serve(settings, args.host or settings.host, args.port or settings.port)
    return 0
