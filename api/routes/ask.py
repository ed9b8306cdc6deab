"""POST /v1/ask (one JSON Answer) and POST /v1/ask/stream (the Answer as Server-Sent Events)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from api.deps import AssistantDep, OwnerDep, Services, ServicesDep
from api.errors import RequestTimeout, error_responses
from api.schemas import AskRequest
from api.sse import EVENT_SCHEMA, SSE_HEADERS, EventStreamResponse, format_event
from api.work import Deadline, EventFeed
from assistant.errors import BerthError
from assistant.events import Citations, Delta, Done, Error, Event, Meta
from assistant.models import Answer
from assistant.questions import validate_question

logger = logging.getLogger("berth.api")
router = APIRouter(tags=["ask"])

_ASK_ERRORS = (400, 401, 404, 413, 422, 429, 503, 504)


@router.post("/v1/ask", response_model=Answer, responses=error_responses(*_ASK_ERRORS))
async def ask(
    body: AskRequest, services: ServicesDep, assistant: AssistantDep, owner: OwnerDep
) -> Answer:
    deadline = Deadline(services.settings.request_timeout_seconds)
    await _precheck(body, services, owner)
    # Driven as a stream, not as one blocking ask(): on a timeout the feed stops the generator
    # before its next step, so an answer that came too late is never recorded as a turn (the
    # 504'd answers used to be stored all the same).
    events = assistant.stream(
        body.question, conversation_id=body.conversation_id, language=body.language, owner=owner
    )
    feed = services.runner.stream(events, deadline, keep=_read_by_ask)
    try:
        answer = await _final_answer(feed, services)
    except RequestTimeout:
        services.metrics.timeouts.inc()
        raise
    finally:
        feed.cancel()
    services.metrics.observe_answer(answer)
    return answer


def _read_by_ask(event: Event) -> bool:
    """What the one-JSON answer needs of the stream: not the text pieces it also holds whole."""
    return not isinstance(event, (Meta, Delta, Citations))


async def _final_answer(feed: EventFeed[Event], services: Services) -> Answer:
    while (item := await feed.next()) is not None:
        services.metrics.observe_event(item)
        if isinstance(item, Done):
            return item.answer
    raise RuntimeError("the answer stream ended without a Done event")


@router.post(
    "/v1/ask/stream",
    status_code=200,
    response_class=EventStreamResponse,
    responses={
        200: {
            "description": "Events in order: meta (ids, verdict as soon as known), delta* "
            "(answer text in pieces), citations, done (the full Answer); or error.",
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        },
        **error_responses(*_ASK_ERRORS, by_ref=True),
    },
)
async def ask_stream(
    body: AskRequest, services: ServicesDep, assistant: AssistantDep, owner: OwnerDep
) -> EventStreamResponse:
    deadline = Deadline(services.settings.request_timeout_seconds)
    await _precheck(body, services, owner)
    events = assistant.stream(
        body.question, conversation_id=body.conversation_id, language=body.language, owner=owner
    )
    feed = services.runner.stream(events, deadline)
    # The first event is awaited before the response starts, so an error found on the way
    # (bad question, unknown conversation, timeout) is still an ordinary 4xx/504 JSON response.
    try:
        first = await feed.next()
    except BaseException as exc:
        feed.cancel()
        if isinstance(exc, RequestTimeout):
            services.metrics.timeouts.inc()
        raise
    return EventStreamResponse(_stream(first, feed, services), headers=SSE_HEADERS)


async def _stream(
    first: Event | None, feed: EventFeed[Event], services: Services
) -> AsyncIterator[bytes]:
    item = first
    finished = False
    try:
        while item is not None:
            services.metrics.observe_event(item)
            if isinstance(item, Done):
                services.metrics.observe_answer(item.answer)
            yield format_event(item)
            item = await feed.next()
        finished = True
    except BerthError as exc:
        # Headers are gone already; the error travels as the stream's last event.
        if isinstance(exc, RequestTimeout):
            services.metrics.timeouts.inc()
        finished = True
        yield format_event(Error(code=exc.code, message=exc.message))
    except Exception:
        logger.exception("stream failed")
        finished = True
        yield format_event(Error(code="internal_error", message="internal error"))
    finally:
        if not finished:
            # Cancelled (client went away) or closed while parked at a yield.
            services.metrics.stream_disconnects.inc()
        feed.cancel()


async def _precheck(body: AskRequest, services: Services, owner: str) -> None:
    """Cheap checks before any answer work is queued."""
    validate_question(body.question, services.settings.max_question_chars)
    if body.conversation_id is not None:
        # Raises ConversationNotFound (404) for an unknown, expired or someone else's thread.
        await run_in_threadpool(services.conversations.load_state, body.conversation_id, owner)
