"""The HTTP/1.1 protocol `berth serve` runs: h11 with a cap on the request head, answered 431.

uvicorn's default protocol is httptools whenever it is installed, and httptools reads a request
head of any size (50 MB headers were read in full, before auth). h11 stops buffering an
incomplete request line plus headers at `max_incomplete_event_size` (uvicorn's
`h11_max_incomplete_event_size`, set from `Settings.max_header_bytes`), but uvicorn answers every
h11 protocol error with a 400. This subclass tells the two cases apart: a head over the limit is
431 Request Header Fields Too Large, or 414 URI Too Long when not even the request line ended
within it. The check runs in the protocol, before any middleware: before auth and routing.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_REASONS = {
    414: (b"URI Too Long", "request line is longer than the server accepts"),
    431: (b"Request Header Fields Too Large", "request headers are larger than the server accepts"),
}


class BoundedH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        status = self._oversized_status()
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
        limit = self.config.h11_max_incomplete_event_size
        if limit is None or self.conn.their_state is not h11.ERROR:
            return None
        buffered, _closed = self.conn.trailing_data
        if len(buffered) <= limit:
            return None
        return 431 if b"\n" in buffered[:limit] else 414
