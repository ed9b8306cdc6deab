"""GET /v1/conversations/{id}: a thread's turns, oldest first."""

from __future__ import annotations

from fastapi import APIRouter, Path

from api.deps import ServicesDep
from api.errors import error_responses
from api.schemas import Conversation

router = APIRouter(tags=["conversations"])


@router.get(
    "/v1/conversations/{conversation_id}",
    response_model=Conversation,
    responses=error_responses(401, 404, 422, 429),
)
def get_conversation(
    services: ServicesDep, conversation_id: str = Path(max_length=100)
) -> Conversation:
    # A plain `def`: FastAPI runs it on its thread pool, so the SQLite read never blocks the loop.
    turns = services.conversations.turns(conversation_id)
    return Conversation(id=conversation_id, turns=turns)
