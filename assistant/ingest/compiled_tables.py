"""The compatibility tables in their final, validated form, saved in the index at ingest.

Parsing and validating `corpus/compat/*.yaml` takes a few tenths of a second at every start
(PyYAML plus pydantic over ~1,000 rows); unpickling the validated `Tables` takes ~20 ms. The
copy is keyed on the table files' bytes and on the source of `assistant/compat`, so an edited
table or a changed schema never reads a stale copy: it falls back to the YAML, and the next
`berth ingest` saves a fresh one. The file lives in our own index folder, written by ingest:
it is trusted the way the code next to it is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from datetime import date
from pathlib import Path
from typing import Any

from assistant.compat import CompatEngine
from assistant.config import Settings

FILE_NAME = "tables.pickle"
_COMPAT_PACKAGE = Path(__file__).resolve().parents[1] / "compat"


def tables_key(compat_dir: Path) -> str:
    """Changes with any table file, any line of the compat code, or the Python version."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    sources = [
        *sorted(p for p in compat_dir.glob("*") if p.suffix in {".yaml", ".yml"}),
        *sorted(_COMPAT_PACKAGE.rglob("*.py")),
    ]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def save_compiled_tables(settings: Settings, engine: CompatEngine) -> Path:
    """Write the validated tables of `engine` into the index (atomically)."""
    path = settings.index_dir / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{FILE_NAME}.{os.getpid()}.tmp")
    key = tables_key(settings.compat_dir)
    temporary.write_bytes(key.encode() + b"\n" + pickle.dumps(engine.tables, protocol=5))
    os.replace(temporary, path)
    return path


def load_compat(settings: Settings, today: date | None = None) -> CompatEngine:
    """The engine from the saved tables when they are current, else from the YAML. `today`
    (else `settings.compat_today`, else the clock) dates lifecycles and row ages."""
    tables = _saved_tables(settings)
    when = today or settings.compat_today
    if tables is None:
        return CompatEngine.load(settings.compat_dir, when, settings.compat_review_days)
    return CompatEngine(tables, when, settings.compat_review_days)


def refresh_compiled_tables(settings: Settings, engine: CompatEngine | None = None) -> bool:
    """Save the tables unless the index already holds a current, readable copy; True when it
    wrote one."""
    if _saved_tables(settings) is None:
        save_compiled_tables(settings, engine or CompatEngine.load(settings.compat_dir))
        return True
    return False


def _saved_tables(settings: Settings) -> Any:
    """The saved `Tables` when current and readable, else None."""
    try:
        data = (settings.index_dir / FILE_NAME).read_bytes()
    except OSError:
        return None
    key, _, payload = data.partition(b"\n")
    if key.decode(errors="replace") != tables_key(settings.compat_dir):
        return None
    try:
        return pickle.loads(payload)  # noqa: S301 - our own file (module docstring)
    except Exception:  # a torn or foreign file: the YAML is always there to fall back on
        return None
