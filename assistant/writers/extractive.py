"""The extractive writer: words an answer from the verdict and the retrieved passages, offline.

It never invents a fact: every sentence of substance is a verdict text from the tables or a
sentence quoted from a retrieved passage, and each carries the number of its citation.

A question without a verdict is answered in its first line: the one sentence of the passages
that best answers it, then at most three supporting points. Passages off the question's subject
and near-duplicates never reach either (selection.py). A Korean question is answered from the
Korean source where a Korean passage is on its subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from assistant.ingest.chunking import Chunk
from assistant.models import Citation, Language, Verdict
from assistant.search.text import tokenize
from assistant.writers.base import WriteRequest, Written
from assistant.writers.labels import HEADLINES, LABELS
from assistant.writers.selection import Candidate, quotable
from assistant.writers.sentences import (
    SNIPPET_CHARS,
    Weights,
    best_excerpt,
    clip,
    overlap,
    sentences,
    term_score,
)

MAX_POINTS = 3
REPEATS = 0.6
"""A sentence holding this share of an earlier one's words repeats it."""
_ALL_TERMS = 0.2
"""Words of the subject's names still count a little: they break ties between sentences that
hold none of the asked words."""
_KOREAN_SHARE = 0.5
_CODE = re.compile(r"[a-z0-9.]*\d[a-z0-9.]*")
"""A Korean sentence leads a Korean answer when it scores at least this share of the best."""
_NAMED_BONUS = 0.5
"""Each of the question's entities a sentence names adds half again to its score: "what is the
difference between A and B" is answered by the sentence that names both."""


class ExtractiveWriter:
    """The default writer: quotes, never invents; its whole answer is ready at once."""

    streams = False

    def __init__(self, term_weight: Callable[[str], float] | None = None) -> None:
        # How telling a word is when picking sentences: rare words ("ENI", "VM") should outweigh
        # words every passage has ("Windows", "container"). Default: every word counts the same.
        self._weight = term_weight or (lambda term: 1.0)

    def write(self, request: WriteRequest) -> Iterator[str | Written]:
        written = self.compose(request)
        yield from written.text.splitlines(keepends=True)
        yield written

    def compose(self, request: WriteRequest) -> Written:
        language, verdict = request.language, request.verdict
        labels = LABELS[language]
        citations = _Citations()
        lines: list[str] = []
        if verdict is not None:
            lines += _verdict_lines(request, verdict, citations)
        # The search query, not just the question: a follow-up ("for that?") is answered by
        # sentences about what the conversation was about.
        # One Latin letter is what "what's" leaves behind, not a word of the question.
        weights = {
            term: self._weight(term)
            for term in set(tokenize(request.query))
            if len(term) > 1 or not term.isascii()
        }
        candidates = quotable(
            request.passages,
            language,
            query_vector=request.query_vector,
            vectors=request.vectors,
            subject=request.subject,
            cited=citations.sections(),
        )
        if language == "ko":
            # Korean passages first: a Korean question is answered in its own words where the
            # Korean source has them.
            candidates.sort(key=lambda c: (c.chunk.language != "ko", c.order))
        said: list[str] = []
        if verdict is None:
            lead = self._lead(request, candidates, weights)
            if lead is not None:
                candidate, sentence = lead
                ref = citations.add(candidate.chunk, sentence)
                quoted = labels["quoted"] if candidate.chunk.language != language else ""
                lines.append(f"{quoted} {sentence} {ref}".strip())
                said.append(sentence)
        points = _points(candidates, weights, said, citations)
        if points:
            lines.append("")
            if verdict is not None:
                lines.append(labels["notes"])
            lines += points
        return Written(text="\n".join(lines).strip(), citations=citations.all())

    def decline(self, language: Language) -> Written:
        labels = LABELS[language]
        return Written(text=f"{labels['declined']}\n\n{labels['suggest']}", citations=[])

    def _lead(
        self, request: WriteRequest, candidates: Sequence[Candidate], weights: Weights
    ) -> tuple[Candidate, str] | None:
        """The sentence that best answers the question, from any passage kept."""
        if not candidates:
            return None
        pool = list(candidates)
        best_relevance = max(c.relevance for c in pool) or 1.0
        subject = request.subject
        # The words that name the subject say what the question is about, not what it asks:
        # "why does pulling …/servercore:latest fail?" asks about "latest", and the sentence
        # that holds every word of the image path but not that one does not answer it.
        naming = (
            {t for names in subject.phrases.values() for p in names for t in tokenize(p)}
            if subject is not None
            else set()
        )
        asked = {t: w for t, w in weights.items() if t not in naming}
        scored: list[tuple[int, float, int, int, Candidate, str]] = []
        for candidate in pool:
            closeness = max(candidate.relevance, 0.0) / best_relevance
            for position, sentence in enumerate(sentences(candidate.chunk)):
                named = subject.named_in(sentence) if subject is not None else 0
                held = term_score(sentence, asked) + _ALL_TERMS * term_score(sentence, weights)
                score = held * (1 + _NAMED_BONUS * named) * closeness
                scored.append(
                    (min(named, 1), score, candidate.order, position, candidate, sentence)
                )

        # A sentence that names the subject, where one does: "image sizes differ between
        # sources" holds "between" but does not say which image is which.
        def rank(s: tuple[int, float, int, int, Candidate, str]) -> tuple[int, float, int, int]:
            return (s[0], s[1], -s[2], -s[3])

        best = max(scored, key=rank)
        if request.language == "ko":
            # The Korean source answers a Korean question where it answers about as well.
            # It must still hold the codes and numbers asked about ("0xc0370101", "2022").
            codes = set(_CODE.findall(request.query.lower()))
            korean = [
                s
                for s in scored
                if s[4].chunk.language == "ko"
                and s[0] >= best[0]
                and codes <= set(_CODE.findall(s[5].lower()))
            ]
            if korean and max(s[1] for s in korean) >= _KOREAN_SHARE * best[1]:
                best = max(korean, key=rank)
        _, _, _, _, candidate, sentence = best
        return candidate, clip(sentence, SNIPPET_CHARS)


def _verdict_lines(request: WriteRequest, verdict: Verdict, citations: _Citations) -> list[str]:
    language = request.language
    labels = LABELS[language]
    fact_refs = "".join(
        citations.add_source(e.source, e.section, e.url, e.text) for e in request.evidence
    )
    lead = verdict.reasons[0] if verdict.reasons else ""
    lines = [f"**{HEADLINES[language][verdict.status]}** {lead} {fact_refs}".rstrip()]
    if request.reading:
        lines += ["", f"_{request.reading}_"]
    for label, items in (
        ("conditions", verdict.conditions),
        ("alternatives", verdict.alternatives),
        ("missing", [m for m in verdict.missing if m != lead]),
        ("why", verdict.reasons[1:]),
    ):
        if items:
            lines += ["", labels[label], *(f"- {item}" for item in items)]
    return lines


def _points(
    candidates: Sequence[Candidate], weights: Weights, said: list[str], citations: _Citations
) -> list[str]:
    """At most three cited points, each saying something the answer has not said yet."""
    points: list[str] = []

    def repeats(text: str) -> bool:
        return any(overlap(text, earlier) >= REPEATS for earlier in said)

    for candidate in candidates:
        if len(points) == MAX_POINTS:
            break
        excerpt = best_excerpt(candidate.chunk, weights, skip=repeats)
        if not excerpt or repeats(excerpt):
            continue
        points.append(f"- {excerpt} {citations.add(candidate.chunk, excerpt)}")
        said.append(excerpt)
    return points


class _Citations:
    """Numbers sources in order of first use; a source cited twice keeps its first number."""

    def __init__(self) -> None:
        self._items: list[Citation] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def add(self, chunk: Chunk, snippet: str) -> str:
        return self.add_source(chunk.source, chunk.section, chunk.url, snippet)

    def add_source(self, source: str, section: str, url: str | None, snippet: str) -> str:
        key = (source, section, snippet)
        if key not in self._numbers:
            number = len(self._items) + 1
            self._numbers[key] = number
            self._items.append(
                Citation(
                    n=number,
                    source=source,
                    section=section,
                    url=url or None,
                    snippet=clip(snippet, SNIPPET_CHARS),
                )
            )
        return f"[{self._numbers[key]}]"

    def all(self) -> list[Citation]:
        return list(self._items)

    def sections(self) -> set[tuple[str, str]]:
        return {(c.source, c.section) for c in self._items}
