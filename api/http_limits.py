"""The HTTP/1.1 protocol `berth serve` runs: h11 with a cap on the request head, answered 431.

uvicorn's default protocol is httptools whenever it is installed, and httptools reads a request
head of any size (50 MB headers were read in full, before auth). h11 stops buffering an
incomplete request line plus headers at `max_incomplete_event_size` (uvicorn's
`h11_max_incomplete_event_size`, set from `Settings.max_header_bytes`), but uvicorn answers every
h11 protocol error with a 400, and h11 checks the size only while a head is incomplete: a 64 KB
head that arrives in one read is parsed and passed on. This subclass measures every parsed head
as well, and answers a head over the limit with 431 Request Header Fields Too Large, or 414 URI
Too Long when the request line alone is over it. The check runs in the protocol, before any
middleware: before auth and routing.
"""

from __future__ import annotations

import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_REASONS = {
    414: (b"URI Too Long", "request line is longer than the server accepts"),
    431: (b"Request Header Fields Too Large", "request headers are larger than the server accepts"),
}


class BoundedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refused: int | None = None
        read = self.conn.next_event

        def next_event() -> Any:
            event = read()
            limit = self.config.h11_max_incomplete_event_size
            if isinstance(event, h11.Request) and limit and _head_size(event) > limit:
                line = len(event.method) + len(event.target) + len(b" HTTP/1.1\r\n ")
                self._refused = 414 if line > limit else 431
                raise h11.RemoteProtocolError("request head too large", self._refused)
            return event

        # uvicorn's handle_events reads through this attribute; wrapping it keeps its loop.
        self.conn.next_event = next_event  # type: ignore[method-assign]

    def send_400_response(self, msg: str) -> None:
        status = self._refused or self._oversized_status()
        if status is None:
            super().send_400_response(msg)
            return
        reason, text = _REASONS[status]
        body = json.dumps({"error": {"code": "head_too_large", "message": text}}).encode()
        events = [
            h11.Response(
                status_code=status,
                reason=reason,
                headers=[
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            ),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ]
        for event in events:
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def _oversized_status(self) -> int | None:
        """h11's own limit: the buffered, still incomplete head grew past it."""
        limit = self.config.h11_max_incomplete_event_size
        if limit is None or self.conn.their_state is not h11.ERROR:
            return None
        buffered, _closed = self.conn.trailing_data
        if len(buffered) <= limit:
            return None
        return 431 if b"\n" in buffered[:limit] else 414


def _head_size(request: h11.Request) -> int:
    line = len(request.method) + len(request.target) + len(b" HTTP/1.1\r\n ")
    return line + sum(len(name) + len(value) + 4 for name, value in request.headers)
