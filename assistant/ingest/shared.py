"""Index generations kept in the shared state, so a replica needs no index of its own.

With BERTH_INDEX_SHARED=true, `berth ingest` is the one writer: it builds a generation as
always (its vectors in the generation's own collection on the Chroma server), then publishes
every file of the generation's folder (manifest, chunk store, BM25 inputs, validated and
compiled tables, glossary) into the state database and switches the shared pointer there. A
replica reads the shared pointer instead of its local `current` file: a generation it has not
seen is copied from the database into its local cache folder (written aside, then renamed, so
a half-copied folder is never read) and loaded like any other; the reloading assistant follows
the pointer, so every replica switches without a restart.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import delete, insert, select, text

from assistant.config import Settings
from assistant.ingest.generations import GenerationPointer, generation_dir, is_generation_id
from assistant.state.db import StateDatabase, open_state
from assistant.state.schema import index_files, index_pointer

_POINTER = "current"


class SharedGenerations:
    def __init__(self, db: StateDatabase, root: Path) -> None:
        self._db = db
        self._root = Path(root)

    def current(self) -> str | None:
        with self._db.read() as conn:
            found = conn.execute(
                select(index_pointer.c.generation).where(index_pointer.c.name == _POINTER)
            ).scalar()
        return found if isinstance(found, str) and is_generation_id(found) else None

    def publish(self, generation: str) -> None:
        """Every file of the local generation folder, in one transaction."""
        folder = generation_dir(self._root, generation)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        with self._db.write() as conn:
            conn.execute(delete(index_files).where(index_files.c.generation == generation))
            for path in files:
                conn.execute(
                    insert(index_files).values(
                        generation=generation,
                        path=path.relative_to(folder).as_posix(),
                        content=path.read_bytes(),
                    )
                )

    def switch(self, generation: str) -> None:
        with self._db.write() as conn:
            conn.execute(
                text(
                    "INSERT INTO index_pointer (name, generation, updated_at)"
                    " VALUES (:name, :generation, :now) ON CONFLICT (name) DO UPDATE"
                    " SET generation = excluded.generation, updated_at = excluded.updated_at"
                ),
                {"name": _POINTER, "generation": generation, "now": time.time()},
            )

    def materialize(self, generation: str) -> bool:
        """The generation's folder in the local cache, copied from the database if missing.
        False when the database does not hold it."""
        folder = generation_dir(self._root, generation)
        if (folder / "manifest.json").is_file():
            return True
        with self._db.read() as conn:
            rows = conn.execute(
                select(index_files.c.path, index_files.c.content).where(
                    index_files.c.generation == generation
                )
            ).all()
        if not rows:
            return False
        staging = folder.with_name(f".{generation}.{os.getpid()}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        for row in rows:
            target = staging / row.path
            if not target.resolve().is_relative_to(staging.resolve()):
                continue  # never write outside the folder, whatever a row says
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(row.content)
        try:
            os.replace(staging, folder)
        except OSError:  # another process materialized it first
            shutil.rmtree(staging, ignore_errors=True)
        return (folder / "manifest.json").is_file()

    def keep_only(self, keep: set[str]) -> None:
        with self._db.write() as conn:
            conn.execute(delete(index_files).where(index_files.c.generation.not_in(keep)))


class SharedPointer:
    """`GenerationPointer.read()` for a replica: the shared pointer, its generation copied into
    the local cache and the local `current` file switched to it (so local readers agree)."""

    def __init__(self, shared: SharedGenerations, local: GenerationPointer) -> None:
        self._shared = shared
        self._local = local

    def read(self) -> str | None:
        generation = self._shared.current()
        if generation is None or not self._shared.materialize(generation):
            return None
        if self._local.read() != generation:
            self._local.switch(generation)
        return generation


def sync_shared_index(settings: Settings, db: StateDatabase | None = None) -> str | None:
    """Bring the local cache to the shared current generation (BERTH_INDEX_SHARED only)."""
    if not settings.index_shared:
        return None
    own = db is None
    database = db or open_state(settings)
    try:
        shared = SharedGenerations(database, settings.index_dir)
        return SharedPointer(shared, GenerationPointer(settings.index_dir)).read()
    finally:
        if own:
            database.dispose()


@contextmanager
def shared_index(settings: Settings) -> Iterator[SharedGenerations | None]:
    """For `berth ingest`: the shared generations (None unless BERTH_INDEX_SHARED), with the
    local cache first brought to the shared current one, so 'up to date' is judged against
    what the replicas serve, whichever machine ran the last ingest."""
    if not settings.index_shared:
        yield None
        return
    database = open_state(settings)
    try:
        shared = SharedGenerations(database, settings.index_dir)
        SharedPointer(shared, GenerationPointer(settings.index_dir)).read()
        yield shared
    finally:
        database.dispose()
