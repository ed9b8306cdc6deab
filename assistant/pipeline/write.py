"""The write step: the passages a writer gets, the writer itself, and the guard after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from assistant.compat import CompatQuery, Decision
from assistant.compat.freshness import CheckedDates
from assistant.compat.subject import Subject
from assistant.models import Language
from assistant.pipeline.guard import guard
from assistant.pipeline.state import Prepared, Understood
from assistant.search.retrieval import Passage, SearchIndex
from assistant.writers.base import Piece, Replaced, Writer, WriteRequest, Written

_MAX_ENTITY_ROWS = 2
# Which table holds the row a query slot names.
_ROW_FILES = {
    "platform": "platforms.yaml",
    "base_image": "base_images.yaml",
    "host_os": "hosts.yaml",
    "image_os": "hosts.yaml",
    "workload": "workloads.yaml",
}


@dataclass(frozen=True)
class WriteStep:
    writer: Writer
    index: SearchIndex
    dates: CheckedDates | None = None
    """When each table row and note was last checked, for `Citation.checked`."""
    subject_of: Callable[[str, CompatQuery], Subject] | None = None
    """The entities a query names (CompatEngine.subject), to keep passages on its subject."""

    def __call__(self, prepared: Prepared) -> Iterator[Piece]:
        """The guarded answer: its text in pieces (line by line, so Markdown stays whole for a
        client that renders as it goes), then the `Written` whole."""
        understood = prepared.understood
        if prepared.declined:
            written = self.writer.decline(understood.language)
        else:
            decision = prepared.decision
            passages = prepared.retrieval.passages
            if decision is None:
                passages = self._entity_rows(understood) + passages
            request = WriteRequest(
                query=understood.retrieval_query,
                language=understood.language,
                verdict=decision.verdict if decision else None,
                evidence=decision.evidence if decision else [],
                passages=passages,
                reading=understood.reading.text,
                # The question's own names and its reading, not the retrieval query: a follow-up's
                # inherited terms ("build number" for "and 2022?") are not its subject.
                subject=(
                    self.subject_of(understood.question, understood.query)
                    if self.subject_of
                    else None
                ),
                query_vector=prepared.retrieval.vector,
                question=understood.question,
                # Read back from the index, not embedded again: a few ms for ten passages.
                vectors=self.index.vectors([p.chunk.id for p in passages]),
            )
            if self.writer.streams:
                yield from self._streamed(request, decision, understood.language)
                return
            # The guard sees the whole text before any of it is sent.
            drafted = [piece for piece in self.writer.write(request) if isinstance(piece, Written)]
            written = guard(drafted[-1], decision, understood.language)
            if self.dates is not None:
                written = replace(written, citations=self.dates.stamp(written.citations))
        yield from written.text.splitlines(keepends=True)
        yield written

    def _streamed(
        self, request: WriteRequest, decision: Decision | None, language: Language
    ) -> Iterator[Piece]:
        """A streaming writer's pieces as they come (it guards each line itself), then the last
        word of the verdict guard on the whole: a text it changes withdraws the stream."""
        drafted: Written | None = None
        for piece in self.writer.write(request):
            if isinstance(piece, Written):
                drafted = piece
            else:
                yield piece
        assert drafted is not None, "a writer ends with the Written whole"
        written = guard(drafted, decision, language)
        if written.text != drafted.text:
            yield Replaced(text=written.text, reason="verdict")
        if self.dates is not None:
            written = replace(written, citations=self.dates.stamp(written.citations))
        yield written

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
