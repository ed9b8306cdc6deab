"""Follow-ups, in one place: whether a turn leans on the previous one, and what it inherits."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.compat import CompatEngine, CompatQuery
from assistant.compat.reading.reader import Read
from assistant.models import Answer
from assistant.pipeline.state import FollowUp
from assistant.search.text import tokenize

# A question this short ("And 2022?", "What about EKS?") only makes sense as a follow-up.
_FOLLOW_UP_MAX_TERMS = 3


@dataclass(frozen=True)
class Resolved:
    read: Read
    is_follow_up: bool
    inherited_terms: list[str]
    context: list[str]
    """Earlier text the search also uses: the previous question and what its answer led with."""


def resolve(question: str, previous: FollowUp | None, compat: CompatEngine) -> Resolved:
    """The question's query, merged with the previous turn's when it is a follow-up."""
    read = compat.read(question, previous.query if previous else None)
    query = read.query
    if previous is None:
        return Resolved(read, False, [], [])
    is_follow_up = (
        query != compat.understand(question)
        or compat.refers_back(question)
        or len(tokenize(question)) <= _FOLLOW_UP_MAX_TERMS
    )
    if not is_follow_up:
        return Resolved(read, False, [], [])
    # "What about EKS?", "And 2022?": the search inherits the earlier question's subject.
    return Resolved(read, True, previous.terms, [previous.question, *previous.said])


def remember(query: CompatQuery, terms: list[str], answer: Answer) -> FollowUp:
    verdict = answer.verdict
    return FollowUp(
        query=query,
        terms=terms,
        question=answer.question,
        declined=answer.declined,
        said=verdict.conditions[:2] if verdict else [],
    )
