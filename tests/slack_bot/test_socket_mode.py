"""Socket Mode through bolt's real SocketModeHandler and slack-sdk's built-in WebSocket client:
`apps.connections.open` on the Web API stub hands out the URL of a local WebSocket server that
plays Slack's side (hello, event envelopes, acks)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_stub import APP_TOKEN, BOT_USER_ID, SlackStub, event_envelope, new_channel
from websockets.sync.server import ServerConnection, serve

from slack_bot.socket_mode import socket_mode_handler

pytestmark = pytest.mark.integration


class SocketModeServer:
    """Sends each queued envelope to the connected client and collects what it sends back."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.headers: dict[str, str] = {}
        self._server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link/?ticket=t"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _session(self, connection: ServerConnection) -> None:
        self.headers = dict(connection.request.headers) if connection.request else {}
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        receiver = threading.Thread(target=self._receive, args=(connection,), daemon=True)
        receiver.start()
        while True:
            envelope = self.outbox.get()
            if envelope.get("type") == "close":
                connection.close()
                return
            connection.send(json.dumps(envelope))

    def _receive(self, connection: ServerConnection) -> None:
        try:
            for message in connection:
                self.acks.put(json.loads(message))
        except Exception:  # the connection closing ends the loop
            return

    def close(self) -> None:
        self.outbox.put({"type": "close"})
        self._server.shutdown()


@pytest.fixture
def socket_server() -> Iterator[SocketModeServer]:
    server = SocketModeServer()
    yield server
    server.close()


def test_socket_mode_answers_a_mention_and_acks_each_envelope_once(
    slack_settings, stub: SlackStub, socket_server: SocketModeServer, assistant: Any
) -> None:
    stub.ws_url = socket_server.url
    channel = new_channel()
    # No signing secret: Socket Mode needs none (events arrive on the bot's own connection).
    settings = slack_settings(slack_signing_secret=None)
    bot, handler = socket_mode_handler(settings, assistant)
    try:
        handler.connect()
        ts = "1700000500.000001"
        event = {
            "type": "app_mention",
            "user": "UASKER9",
            "ts": ts,
            "channel": channel,
            "text": f"<@{BOT_USER_ID}> Windows Server 2022 호스트에서 ltsc2019 이미지를 실행할 수 있나요?",
        }
        envelope = event_envelope(event)
        for attempt, envelope_id in enumerate(["env-1", "env-2"]):
            # The second is Slack redelivering the same event (retry_attempt 1): acked, not answered.
            socket_server.outbox.put(
                {
                    "envelope_id": envelope_id,
                    "type": "events_api",
                    "accepts_response_payload": False,
                    "retry_attempt": attempt,
                    "retry_reason": "timeout" if attempt else "",
                    "payload": envelope,
                }
            )
        acks = {socket_server.acks.get(timeout=20)["envelope_id"] for _ in range(2)}
        (answer,) = stub.wait_for(
            lambda c: c.method == "chat.postMessage" and c.params.get("channel") == channel
        )
        # A later event on the same connection is answered: the duplicate was dropped, not queued.
        later = dict(
            event,
            ts="1700000500.000002",
            text=f"<@{BOT_USER_ID}> Can I deploy a Windows container to Cloud Run?",
        )
        socket_server.outbox.put(
            {
                "envelope_id": "env-3",
                "type": "events_api",
                "accepts_response_payload": False,
                "payload": event_envelope(later),
            }
        )
        _, second = stub.wait_for(
            lambda c: c.method == "chat.postMessage" and c.params.get("channel") == channel, count=2
        )
    finally:
        handler.close()
        bot.close()
    assert acks == {"env-1", "env-2"}
    opened = stub.matching(lambda c: c.method == "apps.connections.open")
    assert opened and opened[0].authorization == f"Bearer {APP_TOKEN}"
    assert answer.params["thread_ts"] == ts
    assert answer.blocks[0]["text"]["text"].startswith("⚠️ *예, 조건부로*")
    assert second.params["thread_ts"] == "1700000500.000002"
    assert second.blocks[0]["text"]["text"].startswith("❌ *No*")
