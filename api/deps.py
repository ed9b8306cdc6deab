"""What routes get injected: the services built once by the app factory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request

from api.errors import NotReady
from api.metrics import Metrics
from api.security import ApiKeys, RateLimiter
from api.work import Runner
from assistant.config import Settings
from assistant.models import Answer, Language
from assistant.state.conversations import ConversationStore
from assistant.state.feedback import FeedbackStore


class AssistantLike(Protocol):
    """The part of the pipeline's `Assistant` the API uses (a Protocol, so mechanics tests can
    pass a small stand-in without the model)."""

    def ask(
        self, question: str, *, conversation_id: str | None = None, language: Language | None = None
    ) -> Answer: ...

    def ask_events(
        self, question: str, *, conversation_id: str | None = None, language: Language | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]: ...

    def status(self) -> dict[str, Any]: ...


@dataclass
class Services:
    settings: Settings
    conversations: ConversationStore
    feedback: FeedbackStore
    metrics: Metrics
    runner: Runner
    keys: ApiKeys
    limiter: RateLimiter
    assistant: AssistantLike | None = None


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_assistant(request: Request) -> AssistantLike:
    # Built once in the lifespan; requests never (re)load it.
    assistant = get_services(request).assistant
    if assistant is None:
        raise NotReady("the model and index are not loaded yet; retry shortly")
    return assistant


AssistantDep = Annotated[AssistantLike, Depends(get_assistant)]
