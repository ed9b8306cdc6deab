"""The Assistant: `prepare` (understand | retrieve | reason, LangChain runnables), then `write`.

`ask()` and `stream()` run the same steps: `stream()` yields typed events as the answer takes
shape, and `ask()` is "run the stream and keep the Done". The verdict comes from the
compatibility tables (the reason step), never from the writer; the guard checks the writer's text
still agrees with it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.compat import CompatEngine
from assistant.compat.freshness import CheckedDates
from assistant.config import Settings
from assistant.events import Citations, Delta, Done, Event, Meta, Replace
from assistant.ingest.compiled_tables import load_compat
from assistant.ingest.embeddings import LazyEmbeddings, embeddings_for
from assistant.ingest.index import IndexLayout
from assistant.ingest.shared import sync_shared_index
from assistant.models import Answer, Language, Reading
from assistant.pipeline.followup import remember
from assistant.pipeline.state import Asked, Prepared
from assistant.pipeline.steps import Steps, ms_since
from assistant.pipeline.write import WriteStep
from assistant.search.glossary import Glossary, load_glossary
from assistant.search.retrieval import HybridRetriever, SearchIndex
from assistant.state.conversations import ANONYMOUS, ConversationStore
from assistant.writers.base import Replaced, Writer, Written
from assistant.writers.extractive import ExtractiveWriter


class Assistant:
    """Answers questions; built once per process (CLI run or API lifespan) and reused.

    Implements `assistant.service.AnswerService`.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: Embeddings,
        index: SearchIndex,
        compat: CompatEngine,
        glossary: Glossary,
        conversations: ConversationStore,
        writer: Writer | None = None,
    ) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.index = index
        self.compat = compat
        self.glossary = glossary
        self.conversations = conversations
        self.retriever = HybridRetriever.from_settings(index, embeddings, settings)
        steps = Steps(settings, compat, glossary, self.retriever, conversations, index)
        self.prepare: Runnable[Asked, Prepared] = (
            RunnableLambda(steps.understand).with_config(run_name="understand")
            | RunnableLambda(steps.retrieve).with_config(run_name="retrieve")
            | RunnableLambda(steps.reason).with_config(run_name="reason")
        )
        self.write = WriteStep(
            writer or ExtractiveWriter(index.term_weight),
            index,
            CheckedDates.build(compat.tables, settings.corpus_dir),
            compat.subject,
        )
        self._embedding_model = settings.embedding_model

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        embeddings: Embeddings | None = None,
        conversations: ConversationStore | None = None,
        generation: str | None = None,
    ) -> Assistant:
        """Loads index, tables, glossary and model once. Raises IndexNotBuilt / CorpusInvalid.

        All three come from one index generation (the current one unless `generation` names
        another); the live corpus is never read. The cheap checks run first, so a missing index
        fails in milliseconds rather than after the model has loaded; the model is then loaded
        eagerly, so no request pays for it.
        """
        model = embeddings or LazyEmbeddings(lambda: embeddings_for(settings))
        if generation is None and settings.index_shared:
            # A replica with no index of its own: the shared current generation, copied in.
            sync_shared_index(settings, conversations.db if conversations else None)
        layout = IndexLayout(settings.index_dir, generation).pinned()
        index = SearchIndex.load(settings, model, layout)
        compat = load_compat(settings, layout)
        glossary = load_glossary(layout)
        model.embed_query("warm up")
        return cls(
            settings,
            writer=writer_from_settings(settings, index),
            embeddings=model,
            index=index,
            compat=compat,
            glossary=glossary,
            conversations=conversations or ConversationStore.from_settings(settings),
        )

    @property
    def streams_text(self) -> bool:
        """Whether the answer text arrives over time (a language model): a surface that can
        edit a message shows it as it comes; otherwise the whole answer is ready at once."""
        return self.write.writer.streams

    @property
    def generation(self) -> str:
        return self.index.generation

    def close(self) -> None:
        self.conversations.close()

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Answer:
        events = self.stream(
            question, conversation_id=conversation_id, language=language, owner=owner
        )
        for event in events:
            if isinstance(event, Done):
                return event.answer
        raise AssertionError("the answer stream ended without a Done event")

    def stream(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
        owner: str = ANONYMOUS,
    ) -> Iterator[Event]:
        """Meta (verdict as soon as known), Delta*, Citations, Done.

        A consumer that stops iterating stops the work: nothing after the last event it took
        runs, and the turn is recorded only once the answer is complete.
        """
        prepared = self.prepare.invoke(Asked(question, conversation_id, language, owner))
        understood = prepared.understood
        verdict = prepared.decision.verdict if prepared.decision else None
        reading = _shown_reading(prepared)
        answer_id = _new_answer_id()
        yield Meta(
            id=answer_id,
            conversation_id=understood.conversation_id,
            language=understood.language,
            verdict=verdict,
            reading=reading,
            declined=prepared.declined,
        )
        started = time.perf_counter()
        written: Written | None = None
        for piece in self.write(prepared):
            if isinstance(piece, Written):
                written = piece
            elif isinstance(piece, Replaced):
                yield Replace(text=piece.text, reason=piece.reason)
            else:
                yield Delta(text=piece)
        assert written is not None, "a writer ends with the Written whole"
        timings = {**understood.timings_ms, "write": ms_since(started)}
        timings["total"] = ms_since(understood.started)
        answer = Answer(
            id=answer_id,
            question=understood.question,
            language=understood.language,
            answer=written.text,
            reading=reading,
            verdict=verdict,
            citations=written.citations,
            declined=prepared.declined,
            conversation_id=understood.conversation_id,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
        )
        yield Citations(citations=answer.citations)
        follow_up = remember(understood.query, understood.terms, answer)
        self.conversations.record_turn(
            understood.conversation_id,
            answer,
            follow_up.model_dump(mode="json"),
            understood.owner,
        )
        yield Done(answer=answer)

    def status(self) -> dict[str, Any]:
        """Raises VectorStoreUnavailable while the Chroma server is away (readiness 503)."""
        self.index.ping()
        return {
            "chunks": self.index.chunk_count,
            "corpus_version": self.index.manifest.corpus_version,
            "tables_version": self.compat.version(),
            "embedding_model": self._embedding_model,
            "generation": self.index.generation,
        }


def writer_from_settings(settings: Settings, index: SearchIndex) -> Writer:
    """BERTH_WRITER: the extractive writer, or a chat model guarded by it (its fallback)."""
    extractive = ExtractiveWriter(index.term_weight)
    if settings.writer == "extractive":
        return extractive
    from assistant.writers.llm import LlmWriter, chat_model_from_settings

    return LlmWriter(
        chat_model_from_settings(settings),
        extractive,
        timeout_seconds=settings.llm_timeout_seconds,
    )


def _shown_reading(prepared: Prepared) -> Reading | None:
    """A declined question or one Berth read nothing in has no reading worth showing."""
    reading = prepared.understood.reading
    return None if prepared.declined or not reading.text else reading


def _new_answer_id() -> str:
    # Time-ordered prefix, so ids sort by creation like ULIDs.
    return f"ans_{time.time_ns() // 1_000_000:x}{uuid.uuid4().hex[:12]}"
