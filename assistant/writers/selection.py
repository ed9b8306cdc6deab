"""Which retrieved passages an answer may quote: on the question's subject, once each.

Three filters, in this order:
1. relevance floor: a passage much further from the question than the best one is dropped. The
   relevance is the cosine of the passage's stored embedding with the query's (both at hand from
   retrieval; nothing is embedded again), so passages the lexical retriever alone found are
   judged on the same scale as the dense ones;
2. subject: a passage must name one of the question's entities, and its heading must not be
   about a platform the question did not ask about;
3. near-duplicates: a passage whose embedding is almost the same as one already kept (a note
   paragraph and the table row it was written from) is merged into it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.compat.subject import Subject
from assistant.ingest.chunking import Chunk
from assistant.models import Language
from assistant.search.retrieval import Passage

RELATIVE_FLOOR = 0.7
"""A passage is kept when its similarity to the question is at least this share of the best's."""
DUPLICATE_SIMILARITY = 0.9
"""Two passages this close in embedding space say the same thing."""


@dataclass(frozen=True)
class Candidate:
    chunk: Chunk
    relevance: float
    """Cosine similarity of the passage to the question."""
    order: int
    """Rank in retrieval (fused dense + lexical): ties and points go in this order."""


def quotable(
    passages: Sequence[Passage],
    language: Language,
    *,
    query_vector: Sequence[float],
    vectors: Mapping[str, np.ndarray],
    subject: Subject | None,
    cited: set[tuple[str, str]],
) -> list[Candidate]:
    """The passages an answer may quote, best first by retrieval rank, filtered as above."""
    query = _unit(np.asarray(query_vector, dtype=np.float32)) if len(query_vector) else None
    candidates: list[tuple[Candidate, np.ndarray | None]] = []
    seen: set[str] = set()
    for order, passage in enumerate(passages):
        chunk = passage.chunk
        if chunk.id in seen or not _worth_quoting(chunk, language, cited):
            continue
        seen.add(chunk.id)
        vector = vectors.get(chunk.id)
        unit = _unit(vector) if vector is not None else None
        if query is not None and unit is not None:
            relevance = float(query @ unit)
        else:
            relevance = passage.similarity if passage.similarity is not None else 0.0
        candidates.append((Candidate(chunk, relevance, order), unit))
    if not candidates:
        return []
    best = max(c.relevance for c, _ in candidates)
    floor = best * RELATIVE_FLOOR if best > 0 else float("-inf")
    close = sorted(
        (item for item in candidates if item[0].relevance >= floor),
        key=lambda item: -item[0].relevance,
    )
    on_subject = [item for item in close if _on_subject(item[0].chunk, subject)]
    # The subject filter reads names; when it leaves nothing (a question whose every passage is
    # headed by a platform name, "what nodeSelector lands a pod on Windows nodes?"), the passages
    # close to the question are still better than no answer.
    kept: list[tuple[Candidate, np.ndarray | None]] = []
    # Judged best first, so of two duplicates the one closer to the question stays.
    for candidate, unit in on_subject or close:
        if unit is not None and any(
            other is not None
            and not _rows_of_one_table(candidate.chunk, kept_one.chunk)
            and float(unit @ other) >= DUPLICATE_SIMILARITY
            for kept_one, other in kept
        ):
            continue
        kept.append((candidate, unit))
    return sorted((c for c, _ in kept), key=lambda c: c.order)


def _rows_of_one_table(a: Chunk, b: Chunk) -> bool:
    """Two rows of one Markdown table share its header, so their vectors are close, but each
    row says something else (the seed's kernel row and its resource-use row)."""
    return a.kind == b.kind == "table" and a.source == b.source


def _worth_quoting(chunk: Chunk, language: Language, cited: set[tuple[str, str]]) -> bool:
    """Not a table row the verdict already cites, and a table row only in the answer's language
    (every row is indexed in English and Korean; one copy is enough)."""
    if chunk.kind != "row":
        return True
    return chunk.language == language and (chunk.source, chunk.section) not in cited


def _on_subject(chunk: Chunk, subject: Subject | None) -> bool:
    if subject is None:
        return True
    if subject.elsewhere(_heading(chunk)):
        return False
    return subject.is_empty or subject.named_in(chunk.search_text()) > 0


def _heading(chunk: Chunk) -> str:
    """What a passage is about: a note's title and section; a table row's first sentence,
    which names the row ("AWS Fargate runs …"), since its title is only the table's name."""
    if chunk.kind == "row":
        return re.split(r"(?<=[.!?다])\s", chunk.text, maxsplit=1)[0]
    return f"{chunk.title} — {chunk.section}"


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
