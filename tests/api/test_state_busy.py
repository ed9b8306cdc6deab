"""Issue 10 item 9: another process holding the SQLite write lock past the busy timeout.

The holder is a real second process with `BEGIN IMMEDIATE` open on the same file. While it
holds the lock the API answers 503 + Retry-After with a clear message (never 500), reads still
work (WAL), the CLI prints one error line and exits 2; once it lets go, everything stored before
is there and the same requests succeed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from berth_testing import berth_env
from fastapi.testclient import TestClient
from legacy_state import write_main_state_file

from assistant.config import Settings

BUSY = 0.3  # BERTH_STATE_BUSY_TIMEOUT_SECONDS for these tests: a short wait, then 503

_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held(db: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


def assert_busy(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "2"
    error = response.json()["error"]
    assert error["code"] == "state_busy"
    assert "busy" in error["message"] and "retry" in error["message"]
    assert "Traceback" not in response.text


def test_a_held_write_lock_is_503_with_retry_after_and_nothing_is_lost(
    make_client: Any, settings_for: Any
) -> None:
    client: TestClient = make_client(state_busy_timeout_seconds=BUSY)
    db = settings_for().state_db
    first = client.post("/v1/ask", json={"question": "q on GKE"}).json()
    cid = first["conversation_id"]
    rated = client.post("/v1/feedback", json={"answer_id": first["id"], "rating": "up"})
    assert rated.status_code == 201

    with write_lock_held(db):
        started = time.monotonic()
        assert_busy(client.post("/v1/ask", json={"question": "a new thread"}))
        assert_busy(client.post("/v1/ask", json={"question": "and EKS?", "conversation_id": cid}))
        streamed = client.post(
            "/v1/ask/stream", json={"question": "and AKS?", "conversation_id": cid}
        )
        # The turn is recorded after the answer's text: the stream's last event says why.
        assert streamed.status_code == 200
        assert "event: error" in streamed.text and '"state_busy"' in streamed.text
        assert "event: done" not in streamed.text
        assert_busy(client.post("/v1/feedback", json={"answer_id": first["id"], "rating": "down"}))
        assert time.monotonic() - started < 10 * BUSY + 5  # waited the timeout, not 5 s each
        # Readers never wait for a writer in WAL mode.
        page = client.get(f"/v1/conversations/{cid}")
        assert page.status_code == 200 and len(page.json()["turns"]) == 1

    # The lock is gone: what was stored before is intact, nothing half-written appeared, and the
    # very same requests now succeed.
    turns = client.get(f"/v1/conversations/{cid}").json()["turns"]
    assert [t["question"] for t in turns] == ["q on GKE"]
    again = client.post("/v1/ask", json={"question": "and EKS?", "conversation_id": cid})
    assert again.status_code == 200
    assert (
        client.post("/v1/feedback", json={"answer_id": first["id"], "rating": "down"}).status_code
        == 201
    )
    feedback = client.app.state.services.feedback.list()  # type: ignore[attr-defined]
    assert sorted(f.rating for f in feedback) == ["down", "up"]


def test_the_cli_prints_one_line_and_exits_2_while_the_lock_is_held(
    built_index_settings: Settings, tmp_path: Path
) -> None:
    settings = built_index_settings.model_copy(update={"state_db": tmp_path / "state.sqlite3"})
    env = berth_env(settings, BERTH_STATE_BUSY_TIMEOUT_SECONDS=str(BUSY))
    berth = str(Path(sys.executable).with_name("berth"))
    question = "Can I run .NET Framework on GKE?"
    done = subprocess.run([berth, "ask", question], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([berth, *args], env=env, capture_output=True, text=True)

    with write_lock_held(settings.state_db):
        asked, listed = run("ask", question), run("feedback")
    assert asked.returncode == 2
    lines = asked.stderr.strip().splitlines()
    assert len(lines) == 1, asked.stderr
    assert lines[0].startswith("berth: error: the state database state.sqlite3 is busy")
    assert "retry" in lines[0]
    # A read-only command on an up-to-date file is not held up by a writer.
    assert listed.returncode == 0 and "No feedback yet." in listed.stdout, listed.stderr

    # A file main wrote needs its upgrade (a write) first: busy is one line and exit 2 there
    # too, and the file is upgraded once the lock is gone.
    legacy = tmp_path / "legacy.sqlite3"
    write_main_state_file(legacy).close()
    env["BERTH_STATE_DB"] = str(legacy)
    with write_lock_held(legacy):
        busy = run("feedback")
    assert busy.returncode == 2, busy.stdout
    assert busy.stderr.startswith("berth: error: the state database legacy.sqlite3 is busy")
    assert len(busy.stderr.strip().splitlines()) == 1 and "Traceback" not in busy.stderr
    assert run("feedback").returncode == 0
