"""The pipeline's steps, each a small function from one typed state to the next.

understand: the question read into a structured query (follow-ups resolved), plus search terms.
retrieve:   hybrid search over the index.
reason:     the verdict from the tables, and whether the question is in scope at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from assistant.compat import CompatEngine
from assistant.compat.reading.scope import Scope
from assistant.config import Settings
from assistant.pipeline.followup import resolve
from assistant.pipeline.state import Asked, FollowUp, Prepared, Retrieved, Understood
from assistant.questions import validate_question
from assistant.search.glossary import Glossary
from assistant.search.relevance import is_in_scope
from assistant.search.retrieval import HybridRetriever, SearchIndex
from assistant.search.text import detect_language, tokenize
from assistant.state.conversations import ConversationStore


@dataclass(frozen=True)
class Steps:
    settings: Settings
    compat: CompatEngine
    glossary: Glossary
    retriever: HybridRetriever
    conversations: ConversationStore
    index: SearchIndex

    def understand(self, asked: Asked) -> Understood:
        started = time.perf_counter()
        question = validate_question(asked.question, self.settings.max_question_chars)
        language = asked.language or detect_language(question)
        previous: FollowUp | None = None
        if asked.conversation_id:
            # 404 if unknown, expired or another principal's
            state = self.conversations.load_state(asked.conversation_id, asked.owner)
            previous = FollowUp.model_validate(state) if state else None
            conversation_id = asked.conversation_id
        else:
            conversation_id = self.conversations.start(asked.owner)
        resolved = resolve(question, previous, self.compat)
        terms = self.compat.english_terms(question)
        terms += [t for t in self.compat.feature_terms(resolved.read.query) if t not in terms]
        if language == "ko":
            terms += [t for t in self.glossary.english_terms(question) if t not in terms]
        terms += [t for t in resolved.inherited_terms if t not in terms]
        return Understood(
            question=question,
            language=language,
            conversation_id=conversation_id,
            query=resolved.read.query,
            reading=self.compat.describe(resolved.read, language),
            retrieval_query=" ".join([question, *terms, *resolved.context]),
            terms=terms,
            continues_answered_turn=resolved.is_follow_up
            and not (previous is not None and previous.declined),
            started=started,
            timings_ms={"understand": ms_since(started)},
            owner=asked.owner,
        )

    def retrieve(self, understood: Understood) -> Retrieved:
        started = time.perf_counter()
        retrieval = self.retriever.retrieve(understood.retrieval_query)
        timings = {**understood.timings_ms, "retrieve": ms_since(started)}
        return Retrieved(replace(understood, timings_ms=timings), retrieval)

    def reason(self, retrieved: Retrieved) -> Prepared:
        started = time.perf_counter()
        understood = retrieved.understood
        if understood.continues_answered_turn:
            # A follow-up of an answered turn is in scope whatever words it uses ("and on EKS?").
            decision = self.compat.decide(understood.query, understood.language)
            declined = False
        else:
            scope = self.compat.scope(understood.question)
            # A question that only names an OS ("reinstall Windows 11 Home") is declined before
            # any verdict: the tables would otherwise answer the OS's generic container question.
            # So is one whose asker ruled containers out ("nothing container-related"), however
            # close its words come to the corpus.
            elsewhere = scope.about == "elsewhere"
            if elsewhere and (scope.declines or not self._in_scope(retrieved, scope)):
                decision, declined = None, True
            else:
                decision = self.compat.decide(understood.query, understood.language)
                declined = decision is None and not self._in_scope(retrieved, scope)
        if decision is not None:
            decision = self.compat.check_passages(
                decision, understood.query, retrieved.retrieval.passages, understood.language
            )
        timings = {**understood.timings_ms, "reason": ms_since(started)}
        return Prepared(
            replace(understood, timings_ms=timings), retrieved.retrieval, decision, declined
        )

    def _in_scope(self, retrieved: Retrieved, scope: Scope) -> bool:
        understood = retrieved.understood
        return is_in_scope(
            question=understood.question,
            language=understood.language,
            glossary_terms=self.glossary.english_terms(understood.question),
            retrieval=retrieved.retrieval,
            similarity_of=self.retriever.best_similarity,
            known_term=self._known_term,
            settings=self.settings,
            scope=scope,
        )

    def _known_term(self, word: str) -> bool:
        """Whether the index holds this word (each of its BM25 terms)."""
        terms = tokenize(word)
        return bool(terms) and all(self.index.term_weight(t) > 0 for t in terms)


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
