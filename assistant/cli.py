"""`berth`: ingest, ask, and the commands other packages plug in (serve, eval, feedback).

`assistant` never imports `api` or `eval` (DESIGN.md); they add their subcommands through the
`berth.commands` entry-point group, each a `register(subparsers)` function.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from importlib.metadata import entry_points
from typing import Any

from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import BerthError, InvalidQuestion

EXIT_OK = 0
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        settings = Settings()
    except ValidationError as exc:
        return _fail(f"invalid settings: {_settings_error(exc)}")
    except ValueError as exc:
        return _fail(f"invalid settings: {str(exc).splitlines()[0]}")
    try:
        return handler(args, settings)
    except BerthError as exc:
        return _fail(exc.message)
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="berth", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest", help="build or update the index from corpus/ (incremental; a no-op is instant)"
    )
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument(
        "--progress",
        action="store_true",
        help="print each phase to stderr as it starts ('berth: ingest: vectors')",
    )
    ingest.set_defaults(handler=_ingest)

    ask = commands.add_parser("ask", help="answer a question ('-' or no argument: stdin)")
    ask.add_argument("question", nargs="?", default="-")
    ask.add_argument("--json", action="store_true", help="print the full Answer as JSON")
    ask.add_argument("--conversation", metavar="ID", help="continue a conversation")
    ask.add_argument("--language", choices=["en", "ko"], help="answer language (default: detect)")
    ask.set_defaults(handler=_ask)

    feedback = commands.add_parser("feedback", help="list what users rated")
    feedback.add_argument("--down", action="store_true", help="only answers rated down")
    feedback.set_defaults(handler=_feedback)

    corpus = commands.add_parser("corpus", help="check the corpus: row ages, sources, conflicts")
    corpus_commands = corpus.add_subparsers(title="corpus commands", metavar="COMMAND")
    check = corpus_commands.add_parser(
        "check", help="exit 1 on stale or unsourced rows; report conflicts, previews, bases"
    )
    check.add_argument("--today", type=_date, help="judge ages as of this date (YYYY-MM-DD)")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(handler=_corpus_check)

    for plugin in entry_points(group="berth.commands"):
        register: Callable[[Any], None] = plugin.load()
        register(commands)
    return parser


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.ingest.embeddings import embeddings_for, prepare_embeddings
    from assistant.ingest.index import ingest

    # Even when the index is up to date: `berth ask` and `berth serve` then find the ONNX export
    # ready and never import torch.
    prepare_embeddings(settings)
    # Tables and glossary are validated and saved into the new generation by ingest itself.
    # With --progress each phase is announced on stderr ("berth: ingest: vectors"): for a person
    # watching a long build, and the points where the fault-injection tests kill the process.
    report = ingest(
        settings, lambda: embeddings_for(settings), progress=_say_phase if args.progress else None
    )
    if args.json:
        print(report.model_dump_json())
    elif report.up_to_date:
        print(f"index is up to date ({report.chunks} chunks, corpus {report.corpus_version})")
    else:
        print(
            f"indexed {report.files} files: {report.chunks} chunks, {report.embedded} embedded, "
            f"{report.removed} removed, in {report.seconds:.2f}s (corpus {report.corpus_version})"
        )
    return EXIT_OK


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.pipeline.assistant import Assistant
    from assistant.questions import validate_question
    from assistant.state.preflight import check_state

    question = _read_stdin() if args.question == "-" else args.question
    # Refuse a bad question before paying seconds for the model.
    validate_question(question, settings.max_question_chars)
    check_state(settings)

    assistant = Assistant.from_settings(settings)
    try:
        answer = assistant.ask(question, conversation_id=args.conversation, language=args.language)
    finally:
        assistant.close()
    if args.json:
        print(json.dumps(answer.model_dump(), ensure_ascii=False, indent=2))
    else:
        print(answer.answer)
        for citation in answer.citations:
            where = f" — {citation.url}" if citation.url else ""
            print(f"[{citation.n}] {citation.source} § {citation.section}{where}")
        print(f"(conversation {answer.conversation_id})", file=sys.stderr)
    return EXIT_OK


def _corpus_check(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.compat.check import check_corpus

    today = args.today or settings.compat_today or date.today()
    report = check_corpus(settings.corpus_dir, today, settings.compat_review_days)
    print(json.dumps(report.as_json(), indent=2) if args.json else report.text())
    return report.exit_code()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _feedback(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.state.feedback import feedback_command

    return feedback_command(settings, down_only=args.down)


def _say_phase(phase: str) -> None:
    print(f"berth: ingest: {phase}", file=sys.stderr, flush=True)


def _settings_error(exc: ValidationError) -> str:
    """`BERTH_API_KEYS: not a valid JSON list …` rather than pydantic's multi-line report."""
    first = exc.errors()[0]
    name = "_".join(str(part) for part in first.get("loc", ()) if not str(part).isdigit())
    field = f"BERTH_{name.upper()}: " if name else ""
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{field}{message}{more}"


def _read_stdin() -> str:
    if sys.stdin is None or sys.stdin.isatty():
        raise InvalidQuestion("no question given: pass it as an argument or on stdin")
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidQuestion(f"stdin is not UTF-8 text (bad byte at offset {exc.start})") from None


def _fail(message: str) -> int:
    print(f"berth: error: {message}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
