"""Slack's side of the wire for tests, on loopback: a stub Web API and signed requests to the bot.

- `SlackStub` speaks Slack's Web API (`/api/<method>`, JSON or form bodies) and `response_url`
  webhooks (`/respond/<n>`), records every call, and can be told to fail a method once
  (an error such as `not_in_channel`, or a 429 with Retry-After) to test the bot's handling.
- `SlackSender` signs and posts events, slash commands and button clicks the way Slack does.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret-5c1f0e"
BOT_TOKEN = "xoxb-0000-test-bot-token-9d2a"
APP_TOKEN = "xapp-1-test-app-token-77b3"
BOT_USER_ID = "UBERTHBOT"
BOT_ID = "BBERTH"
TEAM_ID = "T0BERTH"

# Message timestamps unique across senders (a restarted app gets a new sender, same threads).
_MESSAGE_TS = itertools.count(1)


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    authorization: str | None
    at: float = field(default_factory=time.monotonic)
    ts: str = ""

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))


class SlackStub:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.ws_url = ""
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._respond_n = itertools.count(1)
        self._failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = {}
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                status, body, headers = stub._handle(self.path, self.headers, raw)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json; charset=utf-8")
                self.send_header("content-length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.api_url = self.base + "/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def response_url(self) -> str:
        return f"{self.base}/respond/{next(self._respond_n)}"

    def fail_next(self, method: str, error: str) -> None:
        self._failures.setdefault(method, []).append((200, {"ok": False, "error": error}, {}))

    def rate_limit_next(self, method: str) -> None:
        self._failures.setdefault(method, []).append(
            (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"})
        )

    def wait_for(
        self, match: Callable[[Call], bool], count: int = 1, timeout: float = 20.0
    ) -> list[Call]:
        """The first `count` recorded calls that `match`, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if match(c)]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params.get("channel")) for c in self.calls]
                    raise AssertionError(f"timed out waiting for {count} call(s); seen: {seen}")
                self._cond.wait(left)

    def matching(self, match: Callable[[Call], bool]) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if match(c)]

    def _handle(
        self, path: str, headers: Any, raw: bytes
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if headers.get("content-type", "").startswith("application/json"):
            params = json.loads(raw or b"{}")
        else:
            params = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
        if path.startswith("/respond/"):
            method = "response_url"
        else:
            method = path.removeprefix("/api/").split("?")[0]
        failures = self._failures.get(method)
        failure = failures.pop(0) if failures else None
        call = Call(method, params, headers.get("authorization"))
        call.ts = params.get("ts") or f"1800000000.{next(self._ts):06d}"
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()
        if failure is not None:
            return failure
        return 200, self._answer(method, params, call.ts), {}

    def ts_of(self, call: Call) -> str:
        """The ts this stub gave the message `call` posted (what Slack would return)."""
        return call.ts

    def _answer(self, method: str, params: dict[str, Any], ts: str) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "team_id": TEAM_ID,
                "user": "berth",
                "team": "Berth tests",
                "url": "https://berth-tests.slack.com/",
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": self.ws_url}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "response_url":
            return {"ok": True}
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts") or ts}


@contextlib.contextmanager
def slack_stub() -> Iterator[SlackStub]:
    stub = SlackStub()
    try:
        yield stub
    finally:
        stub.close()


class SlackSender:
    """Sends what Slack sends: signed with the app's signing secret, as Slack formats it."""

    def __init__(self, base: str, signing_secret: str) -> None:
        self.base = base
        self._verifier = SignatureVerifier(signing_secret)
        # One client: a new one per request costs an SSL context (~tens of ms), which would be
        # counted as the bot's latency.
        self._http = httpx.Client(timeout=10)

    def message_ts(self) -> str:
        return f"1700000000.{next(_MESSAGE_TS):06d}"

    def post(
        self,
        path: str,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sent = {
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": signature
            or self._verifier.generate_signature(timestamp=ts, body=body),
            **(headers or {}),
        }
        return self._http.post(self.base + path, content=body.encode(), headers=sent)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        envelope = event_envelope(event, event_id)
        headers = dict(kwargs.pop("headers", {}) or {})
        if retry_num is not None:
            headers["x-slack-retry-num"] = str(retry_num)
            headers["x-slack-retry-reason"] = "http_timeout"
        return self.post(
            "/slack/events", json.dumps(envelope), "application/json", headers=headers, **kwargs
        )

    def command(self, text: str, channel: str, user: str, response_url: str) -> httpx.Response:
        form = {
            "token": "unused",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "channel_name": "k8s-help",
            "user_id": user,
            "user_name": "asker",
            "command": "/berth",
            "text": text,
            "response_url": response_url,
            "trigger_id": "trig." + uuid.uuid4().hex,
            "api_app_id": "A0BERTH",
        }
        return self.post(
            "/slack/commands", urllib.parse.urlencode(form), "application/x-www-form-urlencoded"
        )

    def click(
        self,
        action_id: str,
        value: str,
        *,
        channel: str,
        user: str,
        response_url: str,
        message: dict[str, Any] | None = None,
        ephemeral: bool = False,
    ) -> httpx.Response:
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM_ID, "username": "asker"},
            "team": {"id": TEAM_ID, "domain": "berth-tests"},
            "api_app_id": "A0BERTH",
            "channel": {"id": channel, "name": "k8s-help"},
            "container": {
                "type": "message",
                "message_ts": (message or {}).get("ts", "1800000000.000001"),
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            "message": message or {},
            "response_url": response_url,
            "trigger_id": "trig." + uuid.uuid4().hex,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "berth_answer_actions",
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }
        form = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self.post("/slack/interactions", form, "application/x-www-form-urlencoded")


def event_envelope(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "unused",
        "team_id": TEAM_ID,
        "api_app_id": "A0BERTH",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or "Ev" + uuid.uuid4().hex[:16].upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
    }


def new_channel() -> str:
    """A channel id no other test uses (the tests share one state file)."""
    return "C" + uuid.uuid4().hex[:10].upper()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
