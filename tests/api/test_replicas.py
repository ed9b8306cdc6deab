"""Issue 15: two `berth serve` replicas on one Chroma server, one PostgreSQL and one Redis.

Everything is real and on loopback: the servers are children of this test, the replicas are
`berth serve` processes with empty index folders (they load the generation an ingest job
published), Slack is the local stub of its Web API. The order of the tests matters only at the
end: the last one kills a replica.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from berth_testing import REPO_CORPUS, berth_env, make_settings
from langchain_core.embeddings import Embeddings
from servers import ChromaServer, PostgresServer, RedisServer, free_port, require_binary
from slack_stub import (
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    SlackSender,
    SlackStub,
    new_channel,
)
from sqlalchemy import text

from assistant.config import Settings
from assistant.ingest.index import ingest
from assistant.state.db import StateDatabase

pytestmark = pytest.mark.integration

KEYS = [f"replica-test-key-{n}" for n in range(6)]
PORTAL, WIDGET_KEY = "https://help.example.com", "wk_replicas_widget_key_01"
GKE = "Can I run my .NET Framework app on GKE?"


def auth(n: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS[n]}"}


@dataclass
class Replica:
    process: subprocess.Popen[str]
    base: str
    log: Path

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(self.base + path, timeout=60, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.post(self.base + path, timeout=60, **kwargs)


@dataclass
class Cluster:
    settings: Settings  # the ingest job's
    env: dict[str, str]  # what both replicas run with (but their index folder)
    chroma: ChromaServer
    redis: RedisServer
    stub: SlackStub
    replicas: list[Replica]


def _small_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "notes").mkdir(parents=True)
    for note in ("gke.md", "cloud-run.md", "aks.md"):
        shutil.copy(REPO_CORPUS / "notes" / note, corpus / "notes" / note)
    shutil.copy(REPO_CORPUS / "glossary.ko-en.yaml", corpus / "glossary.ko-en.yaml")
    shutil.copytree(REPO_CORPUS / "compat", corpus / "compat")
    return corpus


def _start_replica(env: dict[str, str], index_dir: Path, log: Path) -> Replica:
    port = free_port()
    berth = str(Path(sys.executable).with_name("berth"))
    with log.open("w") as out:
        process = subprocess.Popen(
            [berth, "serve", "--port", str(port)],
            env={**env, "BERTH_INDEX_DIR": str(index_dir)},
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    return Replica(process, f"http://127.0.0.1:{port}", log)


def _wait_ready(replica: Replica, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert replica.process.poll() is None, replica.log.read_text()[-2000:]
        try:
            if replica.get("/readyz").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("replica not ready: " + replica.log.read_text()[-2000:])


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: PostgresServer,
    embeddings: Embeddings,
) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("replicas")
    redis = RedisServer(require_binary("redis-server", "apt-get install -y redis-server")).start()
    chroma = ChromaServer(root / "chroma").start()
    stub = SlackStub()
    state_url = postgres_server.new_database()
    settings = make_settings(
        root / "job",
        _small_corpus(root),
        index_dir=root / "job" / "index",
        chroma_url=chroma.url,
        state_url=state_url,
        index_shared=True,
    )
    ingest(settings, lambda: embeddings)
    env = berth_env(
        settings,
        BERTH_STATE_URL=state_url,
        BERTH_CHROMA_URL=chroma.url,
        BERTH_REDIS_URL=redis.url,
        BERTH_INDEX_SHARED="true",
        BERTH_INDEX_CHECK_SECONDS="0.2",
        BERTH_API_KEYS=json.dumps(KEYS),
        BERTH_RATE_LIMIT_BURST="1000",
        BERTH_RATE_LIMIT_PER_MINUTE="60000",
        BERTH_WIDGET_KEYS=json.dumps(
            [{"key": WIDGET_KEY, "origins": [PORTAL], "burst": 3, "rate_per_minute": 1}]
        ),
        BERTH_SLACK_BOT_TOKEN=BOT_TOKEN,
        BERTH_SLACK_SIGNING_SECRET=SIGNING_SECRET,
        BERTH_SLACK_API_URL=stub.api_url,
        BERTH_SLACK_WORKING_AFTER_SECONDS="30",
        BERTH_SLACK_USER_BURST="100",
        BERTH_SLACK_CHANNEL_BURST="100",
    )
    replicas = [
        _start_replica(env, root / f"replica-{n}" / "index", root / f"replica-{n}.log")
        for n in (1, 2)
    ]
    try:
        for replica in replicas:
            _wait_ready(replica)
        yield Cluster(settings, env, chroma, redis, stub, replicas)
    finally:
        for replica in replicas:
            if replica.process.poll() is None:
                replica.process.terminate()
                replica.process.wait(timeout=30)
        stub.close()
        chroma.stop()
        redis.stop()


def test_a_conversation_continues_on_the_other_replica(cluster: Cluster) -> None:
    one, two = cluster.replicas
    first = one.post("/v1/ask", json={"question": GKE}, headers=auth(0)).json()
    follow = two.post(
        "/v1/ask",
        json={"question": "What about EKS?", "conversation_id": first["conversation_id"]},
        headers=auth(0),
    )
    assert follow.status_code == 200, follow.text
    turns = one.get(f"/v1/conversations/{first['conversation_id']}", headers=auth(0)).json()
    assert [t["question"] for t in turns["turns"]] == [GKE, "What about EKS?"]
    # Another key sees nothing of it, on either replica.
    path = f"/v1/conversations/{first['conversation_id']}"
    assert [r.get(path, headers=auth(1)).status_code for r in (one, two)] == [404, 404]


def test_the_rate_limit_is_shared_burst_3_in_total(cluster: Cluster) -> None:
    one, two = cluster.replicas
    widget = {"Origin": PORTAL, "X-Berth-Widget-Key": WIDGET_KEY}
    statuses = [
        r.post("/v1/ask", json={"question": GKE}, headers=widget).status_code
        for r in (one, two, one, two, one)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_feedback_posted_to_both_is_listed_once_each(cluster: Cluster) -> None:
    one, two = cluster.replicas
    a = one.post("/v1/ask", json={"question": GKE}, headers=auth(2)).json()["id"]
    b = two.post("/v1/ask", json={"question": GKE}, headers=auth(2)).json()["id"]
    assert (
        two.post("/v1/feedback", json={"answer_id": a, "rating": "up"}, headers=auth(2)).status_code
        == 201
    )
    assert (
        one.post(
            "/v1/feedback", json={"answer_id": b, "rating": "down"}, headers=auth(2)
        ).status_code
        == 201
    )
    berth = str(Path(sys.executable).with_name("berth"))
    listed = subprocess.run(
        [berth, "feedback"],
        env=cluster.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count(a) == 1 and listed.stdout.count(b) == 1


def test_a_slack_retry_delivered_to_the_other_replica_is_answered_once(cluster: Cluster) -> None:
    one, two = cluster.replicas
    channel, stub = new_channel(), cluster.stub
    first, second = (SlackSender(r.base, SIGNING_SECRET) for r in (one, two))
    ts = first.message_ts()
    event = {
        "type": "app_mention",
        "user": "UASKER1",
        "text": f"<@{BOT_USER_ID}> {GKE}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    event_id = "Ev" + uuid.uuid4().hex[:12].upper()
    assert first.event(event, event_id=event_id).status_code == 200
    assert second.event(event, event_id=event_id, retry_num=1).status_code == 200

    def posted(c: Any) -> bool:
        return bool(c.method == "chat.postMessage" and c.params.get("channel") == channel)

    stub.wait_for(posted)
    time.sleep(2)  # time for a second answer to show up, were the retry answered too
    assert len(stub.matching(posted)) == 1


def test_a_new_generation_is_picked_up_by_both_without_a_restart(
    cluster: Cluster, embeddings: Embeddings
) -> None:
    settings = cluster.settings
    shutil.copy(REPO_CORPUS / "notes" / "eks.md", settings.corpus_dir / "notes" / "eks.md")
    report = ingest(settings, lambda: embeddings)
    assert not report.up_to_date
    deadline = time.monotonic() + 90
    pending = list(cluster.replicas)
    while pending:
        assert time.monotonic() < deadline, "a replica did not switch"
        for replica in list(pending):
            # A request is what looks at the pointer; /readyz then reports the generation.
            replica.post("/v1/ask", json={"question": GKE}, headers=auth(3))
            ready = replica.get("/readyz").json()
            if ready["assistant"]["generation"] == report.generation:
                pending.remove(replica)
        time.sleep(0.3)


def test_redis_down_fails_open_on_both(cluster: Cluster) -> None:
    cluster.redis.stop()
    try:
        for replica in cluster.replicas:
            answered = replica.post("/v1/ask", json={"question": GKE}, headers=auth(4))
            assert answered.status_code == 200, answered.text
            metrics = replica.get("/metrics", headers=auth(4)).text
            assert "berth_rate_limit_store_errors_total" in metrics
    finally:
        cluster.redis.start()


def test_chroma_down_is_503_on_both_and_both_recover(cluster: Cluster) -> None:
    cluster.chroma.stop()
    try:
        for replica in cluster.replicas:
            assert replica.get("/readyz").status_code == 503
            down = replica.post("/v1/ask", json={"question": GKE}, headers=auth(4))
            assert down.status_code == 503 and down.headers["retry-after"] == "2"
    finally:
        cluster.chroma.start()
    for replica in cluster.replicas:
        assert replica.get("/readyz").status_code == 200
        assert replica.post("/v1/ask", json={"question": GKE}, headers=auth(4)).status_code == 200


def test_kill_9_of_one_replica_under_write_load_loses_no_acknowledged_write(
    cluster: Cluster,
) -> None:
    one, two = cluster.replicas
    acknowledged: list[tuple[str, str]] = []  # (conversation, answer) answered 200
    rated: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def write(replica: Replica) -> None:
        while not stop.is_set():
            try:
                r = replica.post("/v1/ask", json={"question": GKE}, headers=auth(5))
                if r.status_code != 200:
                    continue
                body = r.json()
                fb = replica.post(
                    "/v1/feedback", json={"answer_id": body["id"], "rating": "up"}, headers=auth(5)
                )
                with lock:
                    acknowledged.append((body["conversation_id"], body["id"]))
                    if fb.status_code == 201:
                        rated.append(fb.json()["id"])
            except httpx.HTTPError:
                pass  # the killed replica: unacknowledged, so nothing is owed

    writers = [threading.Thread(target=write, args=(r,)) for r in (one, two, one, two)]
    for writer in writers:
        writer.start()
    time.sleep(3)
    os.kill(one.process.pid, signal.SIGKILL)
    time.sleep(2)
    stop.set()
    for writer in writers:
        writer.join(timeout=90)
    one.process.wait(timeout=10)
    assert len(acknowledged) >= 4
    for conversation, answer in acknowledged:
        turns = two.get(f"/v1/conversations/{conversation}", headers=auth(5))
        assert turns.status_code == 200
        assert [t["answer_id"] for t in turns.json()["turns"]] == [answer]
    assert cluster.settings.state_url is not None
    db = StateDatabase(cluster.settings.state_url.get_secret_value())
    with db.read() as conn:
        stored = {row[0] for row in conn.execute(text("SELECT id FROM feedback"))}
    db.dispose()
    assert set(rated) <= stored
