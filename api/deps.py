"""What routes get injected: the services built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.types import Scope

from api.errors import NotReady
from api.metrics import Metrics
from api.rate_limits import Limiter
from api.security import ApiKeys
from api.work import Runner
from assistant.config import Settings
from assistant.service import AnswerService
from assistant.state.conversations import ANONYMOUS, ConversationStore
from assistant.state.feedback import FeedbackStore


@dataclass
class Services:
    settings: Settings
    conversations: ConversationStore
    feedback: FeedbackStore
    metrics: Metrics
    runner: Runner
    keys: ApiKeys
    limiter: Limiter
    assistant: AnswerService | None = None


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_assistant(request: Request) -> AnswerService:
    # Built once in the lifespan; requests never (re)load it.
    assistant = get_services(request).assistant
    if assistant is None:
        raise NotReady("the model and index are not loaded yet; retry shortly")
    return assistant


AssistantDep = Annotated[AnswerService, Depends(get_assistant)]


OWNER_KEY = "berth.owner"
"""Scope key set by GuardMiddleware: whose conversations and answers a request may touch."""


def owner_of(scope: Scope) -> str:
    """The principal that owns what a request creates, and the only one that may read it again:
    the API key's id, the widget principal (per user when the portal signs user tokens), or
    ANONYMOUS when auth is off (client IPs change, so they never own anything)."""
    owner = scope.get(OWNER_KEY)
    return owner if isinstance(owner, str) else ANONYMOUS


def get_owner(request: Request) -> str:
    return owner_of(request.scope)


OwnerDep = Annotated[str, Depends(get_owner)]
