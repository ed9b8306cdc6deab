"""Issue 10, item 11: `berth serve` checks its state file and its port before loading anything.

A bad state DB used to give a raw traceback after ~10 s of model loading, and a busy port rc 3
after "serving on …". Real `berth serve` subprocesses; the index folder does not even exist, so
a check that ran after loading would fail differently ("run 'berth ingest' first").
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
BERTH = str(Path(sys.executable).with_name("berth"))


def _serve(tmp_path: Path, state_db: Path | str, port: int = 0) -> tuple[int, list[str], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(BERTH_INDEX_DIR=str(tmp_path / "no-index"), BERTH_STATE_DB=str(state_db))
    started = time.monotonic()
    done = subprocess.run(
        [BERTH, "serve", "--host", "127.0.0.1", "--port", str(port or _free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    return done.returncode, done.stderr.strip().splitlines(), time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _file_as_parent(tmp: Path) -> Path:
    (tmp / "plain").write_text("x")
    return tmp / "plain" / "berth.sqlite3"


def _directory(tmp: Path) -> Path:
    (tmp / "adir").mkdir()
    return tmp / "adir"


def _not_sqlite(tmp: Path) -> Path:
    (tmp / "notes.sqlite3").write_text("these are my notes, not a database\n" * 20)
    return tmp / "notes.sqlite3"


def _unwritable(tmp: Path) -> Path:
    # /proc refuses new files even to root (the tests may run as root, where chmod is no help).
    return Path("/proc/berth-test/berth.sqlite3")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_file_as_parent, "is a file, not a directory"),
        (_directory, "is a directory"),
        (_not_sqlite, "is not an SQLite database"),
        (_unwritable, "cannot be used"),
    ],
)
def test_a_bad_state_db_is_one_line_before_the_model(
    tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    path = make(tmp_path)
    rc, lines, seconds = _serve(tmp_path, path)
    assert rc == 2
    assert len(lines) == 1 and lines[0].startswith("berth: error: BERTH_STATE_DB="), lines
    assert words in lines[0]
    assert seconds < 8, "checked after something slow was loaded"


def test_a_busy_port_is_one_line_before_the_model(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        rc, lines, seconds = _serve(tmp_path, tmp_path / "ok.sqlite3", port=port)
    assert rc == 2
    assert lines == [f"berth: error: cannot listen on 127.0.0.1:{port}: already in use"]
    assert seconds < 8
