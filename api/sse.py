"""Server-Sent Events framing and a streaming response that always closes its source."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from pydantic_core import to_jsonable_python
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from assistant.events import EVENT_KINDS, Done, Error, Event

SSE_HEADERS = {
    "Cache-Control": "no-cache",
    # Tells nginx-style proxies not to buffer, so each event reaches the client as it is sent.
    "X-Accel-Buffering": "no",
}

# For the OpenAPI document: what one event of the stream looks like once parsed.
EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": list(EVENT_KINDS)},
        "data": {"type": "string", "description": "One line of JSON."},
    },
}


def format_event(event: Event) -> bytes:
    """One event on the wire: `event: <kind>` and its payload as one line of JSON.

    The payload is the event without its `kind` (which is the SSE event name); `done` carries
    the Answer itself and `error` the API's `{"error": {code, message}}` body, as documented.
    """
    if isinstance(event, Done):
        payload: Any = event.answer.model_dump(mode="json")
    elif isinstance(event, Error):
        payload = {"error": {"code": event.code, "message": event.message}}
    else:
        payload = event.model_dump(mode="json", exclude={"kind"})
    # json.dumps escapes newlines inside strings, so the data is always a single `data:` line.
    data = json.dumps(to_jsonable_python(payload), ensure_ascii=False, separators=(",", ":"))
    return f"event: {event.kind}\ndata: {data}\n\n".encode()


class EventStreamResponse(StreamingResponse):
    """Closes the event generator when the response ends for any reason.

    When the client disconnects, Starlette cancels the sending task; if the generator was then
    parked at a `yield` it would otherwise be finalised only when garbage collected.
    """

    media_type = "text/event-stream"

    def __init__(
        self, events: AsyncIterator[bytes], headers: dict[str, str], status_code: int = 200
    ) -> None:
        super().__init__(events, status_code=status_code, headers=headers)
        self._events = events

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            aclose = getattr(self._events, "aclose", None)
            if aclose is not None:
                await aclose()
