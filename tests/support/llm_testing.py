"""A real Assistant whose writer is the LLM writer over a scripted LangChain chat model."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from langchain_core.embeddings import Embeddings
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.config import Settings
from assistant.pipeline.assistant import Assistant
from assistant.pipeline.state import Asked
from assistant.pipeline.write import WriteStep
from assistant.writers.extractive import ExtractiveWriter
from assistant.writers.labels import HEADLINES
from assistant.writers.llm import LlmWriter


def faithful(assistant: Assistant, question: str) -> str:
    """What a faithful model writes: the verdict's headline, its first reason and every
    condition word for word, cited to the first passage (the verdict's own table row)."""
    prepared = assistant.prepare.invoke(Asked(question))
    assert prepared.decision is not None
    verdict = prepared.decision.verdict
    language = prepared.understood.language
    lines = [f"**{HEADLINES[language][verdict.status]}** {verdict.reasons[0]} [1]", ""]
    lines += [f"- {condition}" for condition in verdict.conditions]
    return "\n".join(lines)


@contextlib.contextmanager
def llm_assistant(
    settings: Settings, embeddings: Embeddings, replies: list[str]
) -> Iterator[Assistant]:
    """The real pipeline; the model answers each question with the next of `replies`."""
    built = Assistant.from_settings(settings, embeddings=embeddings)
    model = GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))
    built.write = WriteStep(
        LlmWriter(model, ExtractiveWriter(built.index.term_weight), timeout_seconds=10),
        built.index,
        built.write.dates,
        built.compat.subject,
    )
    try:
        yield built
    finally:
        built.close()
