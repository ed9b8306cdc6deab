"""Index generations: every ingest builds a new one beside the served one, then switches.

    var/index/
      current                  the id of the served generation (one line, replaced atomically)
      generations/<id>/        manifest.json, lexical/, tables.pickle, the glossary: one build
      chroma/                  the embedded Chroma; one collection per generation
      ingest.lock              held by the ingest that is writing

A reader pins the id in `current` once and reads only that folder and that collection, so a crash
at any point of an ingest leaves the previous generation served, whole. The id is a plain string
and "which generation is current" is this module's `GenerationPointer` alone, so a deployment with
several replicas can keep the pointer in shared state instead of a file.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import BerthError

_ID = re.compile(r"^g[0-9]{8}t[0-9]{6}-[0-9a-f]{6}$")


class IngestBusy(BerthError):
    code = "ingest_busy"
    http_status = 409


def new_generation_id() -> str:
    """Sortable by creation time, unique across processes: `g20261202t071602-a1b2c3`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dt%H%M%S")
    return f"g{stamp}-{secrets.token_hex(3)}"


def is_generation_id(text: str) -> bool:
    return bool(_ID.match(text))


class GenerationPointer:
    """Which generation is served: the `current` file of an index folder.

    Replaced with `os.replace`, so a reader sees the old id or the new one, never a torn file.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / "current"

    def read(self) -> str | None:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        return text if is_generation_id(text) else None

    def switch(self, generation: str) -> None:
        if not is_generation_id(generation):
            raise ValueError(f"not a generation id: {generation!r}")
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f".current.{os.getpid()}.tmp"
        with temporary.open("w", encoding="ascii") as out:
            out.write(generation + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        _fsync_dir(self.root)

    def stamp(self) -> tuple[int, int] | None:
        """Cheap change detector (inode, mtime): a new pointer file is a new inode."""
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)


def generations_dir(root: Path) -> Path:
    return Path(root) / "generations"


def generation_dir(root: Path, generation: str) -> Path:
    return generations_dir(root) / generation


def list_generations(root: Path) -> list[str]:
    folder = generations_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and is_generation_id(p.name))


def stale_generations(root: Path, keep: set[str]) -> list[str]:
    """Generations to delete: everything but `keep` (the current one and the one before)."""
    return [g for g in list_generations(root) if g not in keep]


def remove_generation_files(root: Path, generation: str) -> None:
    shutil.rmtree(generation_dir(root, generation), ignore_errors=True)


@contextmanager
def ingest_lock(root: Path, wait_seconds: float) -> Iterator[None]:
    """One writer per index folder. A second ingest waits up to `wait_seconds`, then IngestBusy.

    filelock uses flock(2): the kernel drops the lock when its holder dies, even by SIGKILL, so a
    crashed ingest never leaves a stale lock behind.
    """
    from filelock import FileLock, Timeout

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / "ingest.lock"))
    try:
        lock.acquire(timeout=max(wait_seconds, 0.0), poll_interval=0.2)
    except Timeout:
        raise IngestBusy(
            f"another 'berth ingest' is writing {root} (waited {wait_seconds:g} s); "
            "run again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
