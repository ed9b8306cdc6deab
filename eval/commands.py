"""`berth eval [--full]`, plugged into the CLI through the `berth.commands` entry point."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assistant.config import Settings

DEFAULT_REPORT_DIR = Path("eval/reports")


def register(commands: Any) -> None:
    ev = commands.add_parser(
        "eval", help="score Berth and a naive RAG baseline on the gold questions"
    )
    ev.add_argument("--full", action="store_true", help="all items (default: the fast CI subset)")
    ev.add_argument(
        "--report-dir",
        type=Path,
        default=DEFAULT_REPORT_DIR,
        help="where latest.json, latest.md and the chart go (default: eval/reports)",
    )
    ev.add_argument(
        "--heldout",
        action="store_true",
        help="also score the held-out stranger set (aggregates only; score it once, at the end)",
    )
    ev.add_argument(
        "--enforce-suites",
        action="store_true",
        help="fail on a missed issue-9 suite limit even where thresholds.yaml does not enforce it",
    )
    ev.add_argument(
        "--llm",
        action="store_true",
        help="score the language-model writer (BERTH_LLM_* settings) instead: verdict and "
        "conditions kept, citation support, guard fallbacks, latency",
    )
    ev.add_argument(
        "--local-model",
        action="store_true",
        help="with --llm: start the local Gemma 3 270M llama.cpp server and use it",
    )
    ev.add_argument(
        "--limit", type=_positive, default=12, help="with --llm: gold questions to ask (default 12)"
    )
    ev.set_defaults(handler=_eval)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here so `berth ask` never pays for matplotlib and the baseline's imports.
    if args.llm:
        from eval.llm_eval import run_llm_eval

        return run_llm_eval(
            settings, limit=args.limit, local_model=args.local_model, report_dir=args.report_dir
        )
    from eval.cli import run_eval_command

    return run_eval_command(
        settings,
        full=args.full,
        report_dir=args.report_dir,
        heldout=args.heldout,
        enforce_suites=args.enforce_suites,
    )
