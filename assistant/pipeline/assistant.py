"""The answer chain: understand -> retrieve -> reason -> compose, as LangChain runnables.

Each step is a small function from one typed state to the next, so it can be traced, swapped and
tested alone. The verdict comes from the compatibility tables (the reason step), never from the
composer; compose ends with a guard that checks the text still agrees with it.
"""

from __future__ import annotations

import re
import time
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.compat import CompatEngine, CompatQuery, Decision
from assistant.config import Settings
from assistant.errors import InvalidQuestion, QuestionTooLong
from assistant.events import EVENT_ADAPTER, Done, Event
from assistant.ingest.compiled_tables import load_compat
from assistant.ingest.embeddings import LazyEmbeddings, embeddings_for
from assistant.models import Answer, Language
from assistant.search.glossary import Glossary
from assistant.search.relevance import is_in_scope
from assistant.search.retrieval import HybridRetriever, Passage, Retrieval, SearchIndex
from assistant.search.text import detect_language, tokenize
from assistant.state.conversations import ConversationStore
from assistant.writers.extractive import HEADLINES, Composed, ExtractiveComposer

_CITATION_REF = re.compile(r"\[(\d+)\]")
_MAX_ENTITY_ROWS = 2
# Which table holds the row a query slot names.
_ROW_FILES = {
    "platform": "platforms.yaml",
    "base_image": "base_images.yaml",
    "host_os": "hosts.yaml",
    "image_os": "hosts.yaml",
    "workload": "workloads.yaml",
}
_FOLLOW_UP_MAX_TERMS = 3


@dataclass(frozen=True)
class Asked:
    question: str
    conversation_id: str | None = None
    language: Language | None = None


@dataclass(frozen=True)
class Understood:
    question: str
    language: Language
    conversation_id: str
    query: CompatQuery
    retrieval_query: str
    terms: list[str]
    continues_answered_turn: bool
    """A follow-up to a turn Berth answered: in scope whatever its own words."""
    started: float
    timings_ms: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Retrieved:
    understood: Understood
    retrieval: Retrieval


@dataclass(frozen=True)
class Reasoned:
    retrieved: Retrieved
    decision: Decision | None
    declined: bool


@dataclass(frozen=True)
class Answered:
    answer: Answer
    understood: Understood


class Assistant:
    """Answers questions; built once per process (CLI run or API lifespan) and reused."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: Embeddings,
        index: SearchIndex,
        compat: CompatEngine,
        glossary: Glossary,
        conversations: ConversationStore,
        composer: ExtractiveComposer | None = None,
    ) -> None:
        self.settings = settings
        self.index = index
        self.compat = compat
        self.glossary = glossary
        self.conversations = conversations
        self.composer = composer or ExtractiveComposer(index.term_weight)
        self.retriever = HybridRetriever.from_settings(index, embeddings, settings)
        self._embedding_model = settings.embedding_model
        self.chain: Runnable[Asked, Answered] = (
            RunnableLambda(self.understand).with_config(run_name="understand")
            | RunnableLambda(self.retrieve).with_config(run_name="retrieve")
            | RunnableLambda(self.reason).with_config(run_name="reason")
            | RunnableLambda(self.compose).with_config(run_name="compose")
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, *, embeddings: Embeddings | None = None
    ) -> Assistant:
        """Loads index, tables, glossary and model once. Raises IndexNotBuilt / CorpusInvalid.

        The cheap checks run first, so a missing index fails in milliseconds rather than after
        the model has loaded; the model is then loaded eagerly, so no request pays for it.
        """
        model = embeddings or LazyEmbeddings(lambda: embeddings_for(settings))
        index = SearchIndex.load(settings, model)
        compat = load_compat(settings)
        glossary = Glossary.for_corpus(settings.corpus_dir)
        model.embed_query("warm up")
        return cls(
            settings,
            embeddings=model,
            index=index,
            compat=compat,
            glossary=glossary,
            conversations=ConversationStore(settings.state_db, settings.conversation_ttl_seconds),
        )

    def close(self) -> None:
        self.conversations.close()

    # --- public API -------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
    ) -> Answer:
        answered = self.chain.invoke(Asked(question, conversation_id, language))
        self._record(answered)
        return answered.answer

    def ask_events(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The answer as streaming events: meta (verdict as soon as known), deltas, citations, done.

        A consumer that stops iterating stops the work: nothing after the last event it took runs,
        and the turn is recorded only once the answer is complete.
        """
        reasoned = self.reason(
            self.retrieve(self.understand(Asked(question, conversation_id, language)))
        )
        understood = reasoned.retrieved.understood
        verdict = reasoned.decision.verdict if reasoned.decision else None
        answer_id = _new_answer_id()
        yield (
            "meta",
            {
                "id": answer_id,
                "conversation_id": understood.conversation_id,
                "language": understood.language,
                "verdict": verdict.model_dump() if verdict else None,
                "declined": reasoned.declined,
            },
        )
        answered = self.compose(reasoned, answer_id=answer_id)
        answer = answered.answer
        for piece in _pieces(answer.answer):
            yield "delta", {"text": piece}
        yield "citations", {"citations": [c.model_dump() for c in answer.citations]}
        self._record(answered)
        yield "done", answer.model_dump()

    def stream(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        language: Language | None = None,
    ) -> Iterator[Event]:
        """`ask_events` as typed events (the AnswerService contract)."""
        for name, payload in self.ask_events(
            question, conversation_id=conversation_id, language=language
        ):
            if name == "done":
                yield Done(answer=Answer.model_validate(payload))
            else:
                yield EVENT_ADAPTER.validate_python({"kind": name, **payload})

    def status(self) -> dict[str, Any]:
        return {
            "chunks": self.index.chunk_count,
            "corpus_version": self.index.manifest.corpus_version,
            "tables_version": self.compat.version(),
            "embedding_model": self._embedding_model,
        }

    # --- chain steps ------------------------------------------------------------------------

    def understand(self, asked: Asked) -> Understood:
        started = time.perf_counter()
        question = validate_question(asked.question, self.settings.max_question_chars)
        language = asked.language or detect_language(question)
        if asked.conversation_id:
            state = self.conversations.load_state(asked.conversation_id)  # 404 if unknown
            conversation_id = asked.conversation_id
        else:
            state, conversation_id = None, self.conversations.start()
        previous = _previous_query(state)
        query = self.compat.understand(question, previous)
        terms = self.compat.english_terms(question)
        if language == "ko":
            terms += [t for t in self.glossary.english_terms(question) if t not in terms]
        context: list[str] = []
        follow_up = state is not None and (
            query != self.compat.understand(question)
            or self.compat.refers_back(question)
            or len(tokenize(question)) <= _FOLLOW_UP_MAX_TERMS
        )
        if follow_up:
            assert state is not None
            # "What about EKS?", "And 2022?": the search inherits the earlier question's subject.
            terms += [t for t in state.get("terms", []) if t not in terms]
            context = [state.get("question", ""), *state.get("said", [])]
        retrieval_query = " ".join([question, *terms, *context])
        return Understood(
            question=question,
            language=language,
            conversation_id=conversation_id,
            query=query,
            retrieval_query=retrieval_query,
            terms=terms,
            continues_answered_turn=follow_up and not (state or {}).get("declined", False),
            started=started,
            timings_ms={"understand": _ms_since(started)},
        )

    def retrieve(self, understood: Understood) -> Retrieved:
        started = time.perf_counter()
        retrieval = self.retriever.retrieve(understood.retrieval_query)
        timings = {**understood.timings_ms, "retrieve": _ms_since(started)}
        return Retrieved(replace(understood, timings_ms=timings), retrieval)

    def reason(self, retrieved: Retrieved) -> Reasoned:
        started = time.perf_counter()
        understood = retrieved.understood
        decision = self.compat.decide(understood.query, understood.language)
        declined = decision is None and not self._relevant(understood, retrieved.retrieval)
        timings = {**understood.timings_ms, "reason": _ms_since(started)}
        return Reasoned(
            Retrieved(replace(understood, timings_ms=timings), retrieved.retrieval),
            decision,
            declined,
        )

    def compose(self, reasoned: Reasoned, answer_id: str | None = None) -> Answered:
        started = time.perf_counter()
        understood = reasoned.retrieved.understood
        decision = reasoned.decision
        if reasoned.declined:
            composed = self.composer.decline(understood.language)
        else:
            passages = reasoned.retrieved.retrieval.passages
            if decision is None:
                passages = self._entity_rows(understood) + passages
            composed = self.composer.compose(
                query=understood.retrieval_query,
                language=understood.language,
                verdict=decision.verdict if decision else None,
                evidence=decision.evidence if decision else [],
                passages=passages,
            )
            composed = guard(composed, decision, understood.language)
        timings = {**understood.timings_ms, "compose": _ms_since(started)}
        timings["total"] = _ms_since(understood.started)
        answer = Answer(
            id=answer_id or _new_answer_id(),
            question=understood.question,
            language=understood.language,
            answer=composed.text,
            verdict=decision.verdict if decision else None,
            citations=composed.citations,
            declined=reasoned.declined,
            conversation_id=understood.conversation_id,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
        )
        return Answered(answer, understood)

    # --- helpers ----------------------------------------------------------------------------

    def _entity_rows(self, understood: Understood) -> list[Passage]:
        """For a question about a named thing ("what build is Windows Server 2022?"), that thing's
        own table row says it best; it goes before the retrieved passages."""
        query = understood.query
        # A named platform is the subject ("how long can a Windows node pool name be in AKS?");
        # otherwise the image, Windows version or workload is.
        slots = (
            ["platform"] if query.platform else ["base_image", "host_os", "image_os", "workload"]
        )
        rows: list[Passage] = []
        for slot in slots:
            row_id = getattr(query, slot)
            if row_id is None:
                continue
            for row in self.index.table_rows(_ROW_FILES[slot], [row_id], understood.language):
                if len(rows) < _MAX_ENTITY_ROWS and all(p.chunk != row for p in rows):
                    rows.append(Passage(chunk=row, score=1.0, similarity=None, lexical=None))
        return rows

    def _relevant(self, understood: Understood, retrieval: Retrieval) -> bool:
        if understood.continues_answered_turn:
            return True
        return is_in_scope(
            question=understood.question,
            language=understood.language,
            query=understood.query,
            glossary_terms=self.glossary.english_terms(understood.question),
            retrieval=retrieval,
            similarity_of=self.retriever.best_similarity,
            settings=self.settings,
        )

    def _record(self, answered: Answered) -> None:
        """Saves the turn with what a follow-up needs: the resolved query and its search terms."""
        understood = answered.understood
        verdict = answered.answer.verdict
        self.conversations.record_turn(
            understood.conversation_id,
            answered.answer,
            {
                "query": understood.query.model_dump(),
                "terms": understood.terms,
                "question": understood.question,
                "declined": answered.answer.declined,
                # What the answer led with: "for that?" usually points at it.
                "said": verdict.conditions[:2] if verdict else [],
            },
        )


def validate_question(question: str, max_chars: int) -> str:
    """The question, normalised; InvalidQuestion / QuestionTooLong for what cannot be asked."""
    text = unicodedata.normalize("NFC", question).strip()
    if not text:
        raise InvalidQuestion("question is empty")
    if len(text) > max_chars:
        raise QuestionTooLong(f"question is {len(text)} characters; the limit is {max_chars}")
    return text


def guard(composed: Composed, decision: Decision | None, language: Language) -> Composed:
    """The text must open with the verdict's words and cite only what it lists.

    Text that contradicts the verdict is replaced by the verdict itself (headline and
    conditions, straight from the tables); a citation marker with no citation is dropped.
    """
    if decision is not None and not composed.text.startswith(
        f"**{HEADLINES[language][decision.verdict.status]}**"
    ):
        verdict = decision.verdict
        lines = [
            f"**{HEADLINES[language][verdict.status]}**",
            *(f"- {c}" for c in verdict.conditions),
        ]
        return Composed(text="\n".join(lines), citations=[])
    cited = {c.n for c in composed.citations}
    text = _CITATION_REF.sub(
        lambda m: m.group(0) if int(m.group(1)) in cited else "", composed.text
    )
    return Composed(text=text, citations=composed.citations)


def _previous_query(state: dict[str, Any] | None) -> CompatQuery | None:
    if not state or "query" not in state:
        return None
    return CompatQuery.model_validate(state["query"])


def _pieces(text: str) -> Iterator[str]:
    # Line by line keeps Markdown intact for a client that renders as it goes.
    yield from text.splitlines(keepends=True)


def _new_answer_id() -> str:
    # Time-ordered prefix, so ids sort by creation like ULIDs.
    return f"ans_{time.time_ns() // 1_000_000:x}{uuid.uuid4().hex[:12]}"


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
