"""The language-model writer (BERTH_WRITER=llm): a chat model words the answer, the guard decides.

Tokens stream from the model; a line is sent only once it is complete and has passed the guard's
line checks, so what a user sees as it arrives is already checked. When a line or the whole
answer fails, or the model errs or runs past its deadline, the stream is withdrawn with a
`Replaced` piece that carries the extractive answer, which is then the final answer. The verdict
is never the model's: it is given in the prompt and checked in the text.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel

from assistant.compat.lexicon import Ref
from assistant.config import Settings
from assistant.models import Citation
from assistant.writers.base import Piece, Replaced, WriteRequest, Written
from assistant.writers.extractive import ExtractiveWriter
from assistant.writers.llm_guard import AnswerGuard, GuardInput
from assistant.writers.prompt import Numbered, build_messages
from assistant.writers.selection import quotable
from assistant.writers.sentences import SNIPPET_CHARS, clip

MAX_PASSAGES = 6


class ModelTimeout(Exception):
    pass


def chat_model_from_settings(settings: Settings) -> BaseChatModel:
    """ChatOpenAI against any OpenAI-compatible server (vLLM, Ollama, llama.cpp, Azure OpenAI)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout_seconds,
        temperature=settings.llm_temperature,
        max_retries=0,
        streaming=True,
        # llama.cpp's server reads `max_tokens`, not `max_completion_tokens`.
        extra_body={"max_tokens": settings.llm_max_tokens},
    )


class LlmWriter:
    streams = True

    def __init__(
        self,
        model: BaseChatModel,
        fallback: ExtractiveWriter,
        *,
        timeout_seconds: float,
        clock: Any = time.monotonic,
    ) -> None:
        self._model = model
        self._fallback = fallback
        self._timeout = timeout_seconds
        self._clock = clock

    def decline(self, language: Any) -> Written:
        return self._fallback.decline(language)

    def write(self, request: WriteRequest) -> Iterator[Piece]:
        passages, citations = self._numbered(request)
        guard = AnswerGuard(
            GuardInput(
                language=request.language,
                verdict=request.verdict,
                passages=len(passages),
                source_text="\n".join(
                    [request.query, request.reading, *(p.text for p in passages)]
                    + (
                        [
                            *request.verdict.conditions,
                            *request.verdict.alternatives,
                            *request.verdict.reasons,
                        ]
                        if request.verdict
                        else []
                    )
                ),
                places=_places(request),
            )
        )
        messages = build_messages(
            # The asker's own words; the READING line says what a follow-up continues.
            question=request.question or request.query,
            language=request.language,
            verdict=request.verdict,
            reading=request.reading,
            passages=passages,
        )
        sent: list[str] = []
        buffer = ""
        started = self._clock()
        try:
            for chunk in self._model.stream(messages):
                if self._clock() - started > self._timeout:
                    raise ModelTimeout
                buffer += _text_of(chunk.content)
                while "\n" in buffer:
                    line, buffer = buffer.split("\n", 1)
                    failed = self._checked(guard, line, sent)
                    if failed:
                        yield from self._replace(request, failed)
                        return
                    sent.append(line)
                    yield line + "\n"
            if buffer.strip():
                failed = self._checked(guard, buffer, sent)
                if failed:
                    yield from self._replace(request, failed)
                    return
                sent.append(buffer)
                yield buffer
        except ModelTimeout:
            yield from self._replace(request, "timeout")
            return
        except Exception as exc:  # noqa: BLE001 - any model failure falls back, never a 500
            reason = "timeout" if "timeout" in type(exc).__name__.lower() else "error"
            yield from self._replace(request, reason)
            return
        text = "\n".join(sent).strip()
        failed = guard.check_answer(text)
        if failed:
            yield from self._replace(request, failed)
            return
        yield Written(text=text, citations=citations)

    @staticmethod
    def _checked(guard: AnswerGuard, line: str, sent: Sequence[str]) -> str | None:
        if not line.strip() and not any(s.strip() for s in sent):
            return None
        first = not any(s.strip() for s in sent)
        return guard.check_line(line, first=first) if line.strip() else None

    def _replace(self, request: WriteRequest, reason: str) -> Iterator[Piece]:
        written = self._fallback.compose(request)
        yield Replaced(text=written.text, reason=reason)
        yield written

    def _numbered(self, request: WriteRequest) -> tuple[list[Numbered], list[Citation]]:
        """The verdict's table rows first, then the passages on the question's subject."""
        numbered: list[Numbered] = []
        citations: list[Citation] = []

        def add(source: str, section: str, url: str | None, text: str) -> None:
            n = len(numbered) + 1
            snippet = clip(text, SNIPPET_CHARS)
            numbered.append(Numbered(n, source, snippet))
            citations.append(
                Citation(n=n, source=source, section=section, url=url or None, snippet=snippet)
            )

        for evidence in request.evidence:
            add(evidence.source, evidence.section, evidence.url, evidence.text)
        cited = {(c.source, c.section) for c in citations}
        for candidate in quotable(
            request.passages,
            request.language,
            query_vector=request.query_vector,
            vectors=request.vectors,
            subject=request.subject,
            cited=cited,
        ):
            if len(numbered) >= MAX_PASSAGES:
                break
            chunk = candidate.chunk
            add(chunk.source, chunk.section, chunk.url, chunk.text)
        return numbered, citations


def _places(request: WriteRequest) -> list[str]:
    subject = request.subject
    if subject is None:
        return []
    places = {
        phrase.lower()
        for ref, phrases in subject.phrases.items()
        if isinstance(ref, Ref) and ref.type in ("platform", "family")
        for phrase in phrases
        # Very short aliases ("run", "ecs" inside words) would match everywhere.
        if len(phrase) >= 3
    }
    return sorted(places)


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part.get("text", "") if isinstance(part, dict) else str(part) for part in content
        )
    return str(content)
