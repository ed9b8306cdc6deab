"""A first pass over the corpus YAML that says where a problem is: file, line, row and field.

PyYAML turns `checked: 2026-13-45` into a raw `ValueError` from its date constructor (no file,
no line), and its syntax errors carry their line only in the mark. This pass composes each file
into nodes (which keep their marks) without constructing values, so every impossible date and
every syntax error is reported as `corpus/compat/platforms.yaml: line 107, row 'gke-standard',
field 'checked': '2026-13-45' is not a date (month must be in 1..12)` before anything is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import yaml

from assistant.errors import CorpusInvalid

# YAML 1.1's date form (what SafeLoader would construct as a date).
_DATE_LIKE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def check_corpus_yaml(corpus_dir: Path) -> None:
    """Raises CorpusInvalid for the first YAML file under the corpus that does not parse or
    holds an impossible date."""
    if not corpus_dir.is_dir():
        return
    for path in sorted(corpus_dir.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml"}:
            shown = f"{corpus_dir.name}/{path.relative_to(corpus_dir).as_posix()}"
            check_yaml_text(path.read_text(encoding="utf-8"), shown)


def check_yaml_text(text: str, shown: str, first_line: int = 1) -> None:
    """`first_line`: the file line the text starts on (2 for front matter after '---')."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise CorpusInvalid(f"{shown}: {describe_yaml_error(exc, first_line)}") from None
    except yaml.YAMLError as exc:
        raise CorpusInvalid(f"{shown}: not valid YAML ({exc})") from None
    if node is None:
        return
    for line, row, field, value, reason in _bad_dates(node, None, None):
        where = f"line {line + first_line}"
        if row:
            where += f", row '{row}'"
        raise CorpusInvalid(
            f"{shown}: {where}, field '{field}': '{value}' is not a date ({reason})"
        )


def describe_yaml_error(exc: yaml.MarkedYAMLError, first_line: int = 1) -> str:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "cannot parse"
    line = f"line {mark.line + first_line}, column {mark.column + 1}: " if mark else ""
    return f"{line}not valid YAML: {problem}"


def _bad_dates(
    node: yaml.Node, row: str | None, field: str | None
) -> Iterator[tuple[int, str | None, str, str, str]]:
    if isinstance(node, yaml.ScalarNode):
        # Only plain scalars: a quoted '2026-13-45' is a string, not a date, to YAML too.
        if node.style is None:
            match = _DATE_LIKE.match(node.value)
            if match:
                reason = _date_problem(*(int(part) for part in match.groups()))
                if reason:
                    yield node.start_mark.line, row, field or "value", node.value, reason
        return
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _bad_dates(item, row, field)
        return
    if isinstance(node, yaml.MappingNode):
        row_here = row
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                row_here = value.value
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "key"
            yield from _bad_dates(value, row_here, name)


def _date_problem(year: int, month: int, day: int) -> str | None:
    try:
        date(year, month, day)
    except ValueError as exc:
        return str(exc)
    return None
