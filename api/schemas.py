"""Request and response bodies of the HTTP API (the Answer itself is assistant.models.Answer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Language
from assistant.state.conversations import Turn
from assistant.state.feedback import MAX_COMMENT_CHARS, Rating

_ID_MAX = 100


class AskRequest(BaseModel):
    # Unknown fields are an error, so a misspelt `conversationId` is not silently ignored.
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1,
        description="The question, English or Korean; at most BERTH_MAX_QUESTION_CHARS characters "
        "(default 2000), else 413.",
    )
    conversation_id: str | None = Field(
        default=None,
        max_length=_ID_MAX,
        description="Continue this thread (follow-ups resolve against it); unknown/expired: 404.",
    )
    language: Language | None = Field(
        default=None, description="Answer in this language; detected from the question if absent."
    )


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(min_length=1, max_length=_ID_MAX)
    rating: Rating
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)


class FeedbackReceipt(BaseModel):
    id: str
    answer_id: str
    rating: Rating
    created_at: datetime


class Conversation(BaseModel):
    id: str
    turns: list[Turn] = Field(description="One page of turns, oldest first.")
    older: str | None = Field(
        default=None,
        description="More turns are older than this page: pass this value as `before` to get "
        "them. None: this page starts at the thread's first kept turn.",
    )


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    assistant: dict[str, Any] = Field(
        description="What is loaded: index chunk count, corpus and tables versions, model name."
    )
