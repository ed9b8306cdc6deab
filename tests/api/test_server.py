"""Integration: real uvicorn on loopback. The round trip uses the real Assistant on a tmp index
built from the repo corpus; the disconnect test uses a stand-in whose steps can be observed."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from berth_testing import berth_env
from loopback import read_events

from api.app import create_app
from assistant.config import Settings
from assistant.state.feedback import feedback_command

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]


def api_settings(built: Settings, **overrides: Any) -> Settings:
    # Same index and state file as the session's Assistant: the API reads what it records.
    return built.model_copy(update={"rate_limit_burst": 1000, **overrides})


def test_round_trip_on_a_real_server(
    assistant: Any,
    built_index_settings: Settings,
    live_server: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = create_app(api_settings(built_index_settings), assistant)
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        ready = http.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["assistant"]["corpus_version"]

        first = http.post("/v1/ask", json={"question": "Can I run my .NET Framework app on GKE?"})
        assert first.status_code == 200, first.text
        answer = first.json()
        assert answer["verdict"]["status"] == "conditional"
        assert answer["citations"] and answer["declined"] is False
        cid = answer["conversation_id"]

        follow = http.post("/v1/ask", json={"question": "what about EKS?", "conversation_id": cid})
        assert follow.status_code == 200, follow.text
        followed = follow.json()
        assert followed["conversation_id"] == cid
        # Resolved against the thread: the workload came from the first question.
        assert followed["verdict"] is not None

        with http.stream(
            "POST", "/v1/ask/stream", json={"question": "Can Cloud Run take a Windows image?"}
        ) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert stream.headers["cache-control"] == "no-cache"
            assert stream.headers["x-accel-buffering"] == "no"
            events = read_events(stream)
        names = [n for n, _ in events]
        assert names[0] == "meta" and names[-2:] == ["citations", "done"]
        assert set(names[1:-2]) == {"delta"}
        meta, done = events[0][1], events[-1][1]
        assert meta["id"] == done["id"]
        assert meta["verdict"] == done["verdict"] and done["verdict"]["status"] == "no"
        assert "".join(p["text"] for n, p in events if n == "delta") == done["answer"]

        turns = http.get(f"/v1/conversations/{cid}").json()["turns"]
        assert [t["question"] for t in turns] == [
            "Can I run my .NET Framework app on GKE?",
            "what about EKS?",
        ]

        rated = http.post(
            "/v1/feedback",
            json={"answer_id": followed["id"], "rating": "down", "comment": "which node pool?"},
        )
        assert rated.status_code == 201, rated.text
        metrics = http.get("/metrics").text
        assert 'berth_feedback_total{rating="down"} 1.0' in metrics
        assert 'berth_answers_total{verdict="no"} 1.0' in metrics

    # What a maintainer sees afterwards with `berth feedback --down`.
    assert feedback_command(built_index_settings, down_only=True) == 0
    printed = capsys.readouterr().out
    assert "what about EKS?" in printed and "which node pool?" in printed


def test_client_disconnect_stops_the_stream_work(
    settings_for: Any, fake_cls: Any, live_server: Any
) -> None:
    settings = settings_for()
    slow = fake_cls(settings.state_db, step_seconds=0.3, steps=20)
    with live_server(create_app(settings, slow)) as base:
        with (
            httpx.Client(base_url=base, timeout=10) as http,
            http.stream("POST", "/v1/ask/stream", json={"question": "Can I?"}) as stream,
        ):
            lines = stream.iter_lines()
            assert next(lines) == "event: meta"
        # The connection is closed here, after the first event.
        assert slow.closed.wait(timeout=5), "the answer generator was not closed"
        ran = slow.steps_run
        time.sleep(1.0)
        assert slow.steps_run == ran, "steps kept running after the client left"
        assert ran < 20 and not slow.completed.is_set()
        metrics = httpx.get(f"{base}/metrics").text
        assert "berth_stream_disconnects_total 1.0" in metrics


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_berth_serve_refuses_public_host_without_keys(tmp_path: Path, settings_for: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "0.0.0.0", "--port", "8999"],
        env=berth_env(settings_for()),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "refusing to listen on 0.0.0.0 with auth off" in result.stderr
    assert "Traceback" not in result.stderr


def test_berth_serve_starts_says_auth_is_off_and_logs_json(built_index_settings: Settings) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=berth_env(built_index_settings),
        cwd=built_index_settings.index_dir.parent,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, "berth serve exited early"
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "berth serve never became ready"
            time.sleep(0.25)
        response = httpx.get(f"{base}/healthz", headers={"X-Request-ID": "probe-1"})
        assert response.headers["x-request-id"] == "probe-1"
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    # Ctrl-C: uvicorn shuts down gracefully, then the CLI exits 130 as for any interrupt.
    assert proc.returncode in (0, 130), stderr
    assert "Application shutdown complete." in stderr
    assert "berth: auth is off" in stderr
    logged = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    probe = [entry for entry in logged if entry.get("request_id") == "probe-1"]
    assert probe and probe[0]["route"] == "/healthz" and probe[0]["status"] == 200
