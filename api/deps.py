"""What routes get injected: the services built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.errors import NotReady
from api.metrics import Metrics
from api.security import ApiKeys, RateLimiter
from api.work import Runner
from assistant.config import Settings
from assistant.service import AnswerService
from assistant.state.conversations import ConversationStore
from assistant.state.feedback import FeedbackStore


@dataclass
class Services:
    settings: Settings
    conversations: ConversationStore
    feedback: FeedbackStore
    metrics: Metrics
    runner: Runner
    keys: ApiKeys
    limiter: RateLimiter
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
