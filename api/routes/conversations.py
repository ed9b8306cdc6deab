"""GET /v1/conversations/{id}: a thread's turns, oldest first, a page at a time."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query

from api.deps import OwnerDep, ServicesDep
from api.errors import error_responses
from api.schemas import Conversation

router = APIRouter(tags=["conversations"])

MAX_PAGE = 200


@router.get(
    "/v1/conversations/{conversation_id}",
    response_model=Conversation,
    responses=error_responses(401, 404, 422, 429, 503),
)
def get_conversation(
    services: ServicesDep,
    owner: OwnerDep,
    conversation_id: str = Path(max_length=100),
    limit: int = Query(default=50, ge=1, le=MAX_PAGE, description="Turns per page, at most."),
    before: str | None = Query(
        default=None,
        max_length=100,
        description="An answer id (a page's `older`): the page ends just before that turn.",
    ),
) -> Conversation:
    """The latest `limit` turns (older than `before` when given), oldest first; `older` is the
    cursor for the page before, or null at the start of the thread."""
    # A plain `def`: FastAPI runs it on its thread pool, so the SQLite read never blocks the loop.
    # Another principal's thread is a 404 with the same words as a missing one.
    page = services.conversations.turns(
        conversation_id, limit=limit + 1, before=before, owner=owner
    )
    older = page[1].answer_id if len(page) > limit else None
    return Conversation(id=conversation_id, turns=page[-limit:], older=older)
