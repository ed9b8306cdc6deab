"""Issue 10 item 7: conversations and answers belong to the principal that made them.

Two API keys on one server: key 2 gets the same 404 as for a missing id when it reads, continues
or rates key 1's thread, and no conversation or answer id reaches the access log.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.widget_auth import sign_user_token
from assistant.config import Settings
from assistant.errors import AnswerNotFound, ConversationNotFound
from assistant.models import Answer
from assistant.state.conversations import ANONYMOUS, ConversationStore
from assistant.state.feedback import FeedbackStore

KEY_1 = "first-key-for-ownership-tests"
KEY_2 = "second-key-for-ownership-tests"
ONE = {"Authorization": f"Bearer {KEY_1}"}
TWO = {"Authorization": f"Bearer {KEY_2}"}


def assert_same_404(missing: Any, foreign: Any, missing_id: str, foreign_id: str) -> None:
    assert foreign.status_code == 404, foreign.text
    assert missing.status_code == 404
    # No oracle: the body is the one for a missing id, word for word, but for the id itself.
    assert foreign.json()["error"]["code"] == missing.json()["error"]["code"]
    assert foreign.json()["error"]["message"] == missing.json()["error"]["message"].replace(
        missing_id, foreign_id
    )


def test_key_2_cannot_read_continue_or_rate_key_1s_thread_on_a_real_server(
    built_index_settings: Settings,
    assistant: Any,
    live_server: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = built_index_settings.model_copy(
        update={
            "api_keys": [KEY_1, KEY_2],
            "rate_limit_per_minute": 6000.0,
            "rate_limit_burst": 1000,
            "allowed_hosts": ["127.0.0.1"],
        }
    )
    app = create_app(settings, assistant)
    missing_cid, missing_answer = "c_" + "0" * 32, "ans_" + "0" * 20
    with (
        caplog.at_level(logging.INFO, logger="berth.api"),
        live_server(app) as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        first = http.post(
            "/v1/ask", json={"question": "Can I run .NET Framework on GKE?"}, headers=ONE
        )
        assert first.status_code == 200, first.text
        cid, answer_id = first.json()["conversation_id"], first.json()["id"]
        # The owner reads and continues it.
        follow = http.post(
            "/v1/ask", json={"question": "what about EKS?", "conversation_id": cid}, headers=ONE
        )
        assert follow.status_code == 200 and follow.json()["conversation_id"] == cid

        # Key 2: reading (both pages), continuing (plain and streamed), rating: all 404.
        for path in ("/v1/conversations/{}", "/v1/conversations/{}?before=" + answer_id):
            assert_same_404(
                http.get(path.format(missing_cid), headers=TWO),
                http.get(path.format(cid), headers=TWO),
                missing_cid,
                cid,
            )
        for route in ("/v1/ask", "/v1/ask/stream"):
            assert_same_404(
                http.post(
                    route,
                    json={"question": "and on AKS?", "conversation_id": missing_cid},
                    headers=TWO,
                ),
                http.post(
                    route, json={"question": "and on AKS?", "conversation_id": cid}, headers=TWO
                ),
                missing_cid,
                cid,
            )
        assert_same_404(
            http.post(
                "/v1/feedback",
                json={"answer_id": missing_answer, "rating": "down"},
                headers=TWO,
            ),
            http.post("/v1/feedback", json={"answer_id": answer_id, "rating": "down"}, headers=TWO),
            missing_answer,
            answer_id,
        )

        # Nothing key 2 tried changed key 1's thread; key 1 still reads and rates it.
        turns = http.get(f"/v1/conversations/{cid}", headers=ONE)
        assert turns.status_code == 200
        assert [t["question"] for t in turns.json()["turns"]] == [
            "Can I run .NET Framework on GKE?",
            "what about EKS?",
        ]
        rated = http.post(
            "/v1/feedback", json={"answer_id": answer_id, "rating": "up"}, headers=ONE
        )
        assert rated.status_code == 201, rated.text

    feedback = FeedbackStore(settings.state_db, assistant.conversations)
    try:
        mine = [f for f in feedback.list(limit=500) if f.answer_id == answer_id]
    finally:
        feedback.close()
    assert [f.rating for f in mine] == ["up"]  # key 2's "down" was never stored
    assert mine[0].rater is not None and mine[0].rater.startswith("key:")

    lines = [r for r in caplog.records if r.getMessage() == "request"]
    assert any(getattr(r, "path", "") == "/v1/conversations/{conversation_id}" for r in lines)
    for record in lines:
        text = " ".join(str(v) for v in vars(record).values())
        assert cid not in text and answer_id not in text, vars(record)


def test_stream_and_ask_keep_threads_apart_with_the_test_client(make_client: Any) -> None:
    client: TestClient = make_client(api_keys=[KEY_1, KEY_2])
    streamed = client.post("/v1/ask/stream", json={"question": "q on GKE"}, headers=ONE)
    assert streamed.status_code == 200
    cid = next(
        line.split('"conversation_id":"')[1].split('"')[0]
        for line in streamed.text.splitlines()
        if '"conversation_id":"' in line
    )
    assert client.get(f"/v1/conversations/{cid}", headers=ONE).status_code == 200
    assert client.get(f"/v1/conversations/{cid}", headers=TWO).status_code == 404
    # Key 2's own thread is its own.
    other = client.post("/v1/ask", json={"question": "q"}, headers=TWO).json()["conversation_id"]
    assert client.get(f"/v1/conversations/{other}", headers=TWO).status_code == 200
    assert client.get(f"/v1/conversations/{other}", headers=ONE).status_code == 404


def test_widget_users_and_api_keys_are_separate_principals(make_client: Any) -> None:
    portal, key, secret = "https://help.example.com", "wk_portal_key_0000001", "portal-secret"
    client: TestClient = make_client(
        api_keys=[KEY_1],
        widget_keys=[{"key": key, "origins": [portal], "rate_per_minute": 600, "burst": 50}],
        widget_token_secret=secret,
    )

    def as_user(user: str) -> dict[str, str]:
        token = sign_user_token(secret, user)
        return {"Origin": portal, "X-Berth-Widget-Key": key, "X-Berth-User-Token": token}

    alice = client.post("/v1/ask", json={"question": "q on GKE"}, headers=as_user("alice")).json()
    cid = alice["conversation_id"]
    again = {"question": "and EKS?", "conversation_id": cid}
    assert client.post("/v1/ask", json=again, headers=as_user("alice")).status_code == 200
    assert client.post("/v1/ask", json=again, headers=as_user("bob")).status_code == 404
    assert client.post("/v1/ask", json=again, headers=ONE).status_code == 404
    rating = {"answer_id": alice["id"], "rating": "up"}
    assert client.post("/v1/feedback", json=rating, headers=as_user("bob")).status_code == 404
    assert client.post("/v1/feedback", json=rating, headers=as_user("alice")).status_code == 201


def test_with_auth_off_every_caller_is_the_one_anonymous_principal(make_client: Any) -> None:
    client: TestClient = make_client()
    answer = client.post("/v1/ask", json={"question": "q on GKE"}).json()
    assert client.get(f"/v1/conversations/{answer['conversation_id']}").status_code == 200
    store = client.app.state.services.conversations  # type: ignore[attr-defined]
    assert store.get_answer(answer["id"], ANONYMOUS).id == answer["id"]
    with pytest.raises(AnswerNotFound):
        store.get_answer(answer["id"], "key:00000000")


# The schema today's main writes (before owners): an existing file must open and keep its rows.
_PRE_OWNER_SCHEMA = """
CREATE TABLE conversations (
    id TEXT PRIMARY KEY, created_at REAL NOT NULL, updated_at REAL NOT NULL, state TEXT
);
CREATE INDEX conversations_updated ON conversations(updated_at);
CREATE TABLE turns (
    answer_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    question TEXT NOT NULL, answer_json TEXT NOT NULL, verdict_status TEXT, state TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX turns_conversation ON turns(conversation_id, created_at);
"""


def test_a_pre_owner_state_file_upgrades_in_place_and_its_threads_stay_anonymous(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.sqlite3"
    old = sqlite3.connect(db)
    old.executescript(_PRE_OWNER_SCHEMA)
    now = 1_700_000_000.0
    answer = Answer(id="ans_old", question="old q", language="en", answer="old a")
    answer.conversation_id = "c_old"
    old.execute("INSERT INTO conversations VALUES ('c_old', ?, ?, '{\"n\": 1}')", (now, now))
    old.execute(
        "INSERT INTO turns VALUES ('ans_old', 'c_old', 'old q', ?, NULL, NULL, ?)",
        (answer.model_dump_json(), now),
    )
    old.commit()
    old.close()

    store = ConversationStore(db, ttl_seconds=3600, clock=lambda: now)
    try:
        assert store.load_state("c_old", ANONYMOUS) == {"n": 1}
        assert [t.answer_id for t in store.turns("c_old", owner=ANONYMOUS)] == ["ans_old"]
        for call in (
            lambda: store.load_state("c_old", "key:12345678"),
            lambda: store.turns("c_old", owner="key:12345678"),
            lambda: store.record_turn("c_old", answer, None, "key:12345678"),
        ):
            with pytest.raises(ConversationNotFound):
                call()
        with pytest.raises(AnswerNotFound):
            store.get_answer("ans_old", "key:12345678")
        # New threads record their owner next to the legacy ones.
        cid = store.start("key:12345678")
        assert store.turns(cid, owner="key:12345678") == []
    finally:
        store.close()
    # Opening the upgraded file again changes nothing.
    ConversationStore(db, ttl_seconds=3600, clock=lambda: now).close()
    columns = [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(conversations)")]
    assert columns.count("owner") == 1
