"""`berth eval`, plugged into the CLI through the `berth.commands` entry point."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assistant.config import Settings


def register(commands: Any) -> None:
    evaluate = commands.add_parser("eval", help="score answers against the gold set and tables")
    evaluate.add_argument("--full", action="store_true", help="whole gold set, not the CI subset")
    evaluate.add_argument("--report-dir", type=Path, default=Path("eval/reports"))
    evaluate.set_defaults(handler=_evaluate)


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from eval.cli import run_eval_command

    return run_eval_command(settings, full=args.full, report_dir=args.report_dir)
