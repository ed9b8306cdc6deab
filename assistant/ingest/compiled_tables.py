"""The compatibility tables of an index generation, in their final, validated form.

`berth ingest` validates `corpus/compat/*.yaml` and saves the result in the generation it builds
(the pickled `Tables`, plus a copy of the YAML they came from). `ask` and `serve` read only that:
an edited or broken table in `corpus/compat/` changes nothing until an ingest has validated it,
so a typo fails `berth ingest` and the service keeps answering from the last good generation.

The pickle is keyed on the source of `assistant/compat` and the Python version: after an upgrade
that changes the table code, the tables are validated again from the generation's own YAML copy
(never from the live corpus). Unpickling takes ~20 ms against a few tenths of a second for
PyYAML plus pydantic. The file lives in our own index folder, written by ingest: it is trusted the
way the code next to it is.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.compat import CompatEngine
from assistant.config import Settings
from assistant.errors import CorpusInvalid, IndexNotBuilt

if TYPE_CHECKING:
    from assistant.ingest.index import IndexLayout

FILE_NAME = "tables.pickle"
SOURCE_COPY = "compat"
_COMPAT_PACKAGE = Path(__file__).resolve().parents[1] / "compat"


@functools.cache
def tables_code_key() -> str:
    """Changes with any line of the compat code or the Python version."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for path in sorted(_COMPAT_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_COMPAT_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def save_tables(folder: Path, engine: CompatEngine, compat_dir: Path) -> Path:
    """Write the validated tables of `engine`, and the YAML they came from, into a generation."""
    copy = folder / SOURCE_COPY
    copy.mkdir(parents=True, exist_ok=True)
    for source in sorted(compat_dir.iterdir()):
        if source.is_file() and source.suffix in {".yaml", ".yml"}:
            shutil.copyfile(source, copy / source.name)
    path = folder / FILE_NAME
    _write(path, engine)
    return path


def load_compat(
    settings: Settings, layout: IndexLayout | None = None, today: date | None = None
) -> CompatEngine:
    """The engine of the served (or the given) generation; IndexNotBuilt when it has none.
    `today` (else `settings.compat_today`, else the clock) dates lifecycles and row ages."""
    from assistant.ingest.index import IndexLayout

    pinned = (layout or IndexLayout(settings.index_dir)).pinned()
    folder = pinned.folder
    tables = _saved_tables(folder / FILE_NAME)
    if tables is not None:
        return CompatEngine(tables, today or settings.compat_today, settings.compat_review_days)
    copy = folder / SOURCE_COPY
    if not copy.is_dir():
        raise IndexNotBuilt(f"index generation {pinned.generation} has no compatibility tables")
    try:
        engine = CompatEngine.load(
            copy, today or settings.compat_today, settings.compat_review_days
        )
    except CorpusInvalid as exc:
        raise IndexNotBuilt(
            f"the tables of index generation {pinned.generation} do not load with this version "
            f"of Berth: {exc.message}"
        ) from None
    _resave(folder / FILE_NAME, engine)
    return engine


def _resave(path: Path, engine: CompatEngine) -> None:
    """Compile the tables again for this code, so only the first start after an upgrade pays
    for PyYAML and validation (a few tenths of a second; measured 2.6 s against 1.8 s for a
    one-shot `berth ask`). A read-only index folder just keeps paying: nothing to report."""
    try:
        _write(path, engine)
    except OSError:
        path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp").unlink(missing_ok=True)


def _write(path: Path, engine: CompatEngine) -> None:
    """Atomically: a reader sees the old file or the new one, never a torn one."""
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    temporary.write_bytes(
        tables_code_key().encode() + b"\n" + pickle.dumps(engine.tables, protocol=5)
    )
    os.replace(temporary, path)


def _saved_tables(path: Path) -> Any:
    """The saved `Tables` when compiled by this code and readable, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    key, _, payload = data.partition(b"\n")
    if key.decode(errors="replace") != tables_code_key():
        return None
    try:
        return pickle.loads(payload)  # noqa: S301 - our own file (module docstring)
    except Exception:  # a torn or foreign file: the generation's YAML copy is there to fall back on
        return None
