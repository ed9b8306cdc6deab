"""The extractive answer leads with the answer: real index, real tables, real embedding model.

Each test first checks that the passage the writer must leave out was retrieved, so it fails if
retrieval stops offering the bad passage as much as if the writer starts quoting it.
"""

from __future__ import annotations

import re

import pytest
from langchain_core.embeddings import Embeddings

from assistant.models import Answer
from assistant.pipeline.assistant import Assistant
from assistant.pipeline.state import Asked
from assistant.search.text import tokenize
from assistant.writers.extractive import MAX_POINTS, REPEATS
from assistant.writers.sentences import overlap

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def lines_of(answer: Answer) -> tuple[str, list[str]]:
    lines = [line for line in answer.answer.splitlines() if line.strip()]
    return lines[0], [line for line in lines[1:] if line.startswith("- ")]


def retrieved_sources(assistant: Assistant, question: str) -> list[str]:
    return [p.chunk.source for p in assistant.prepare.invoke(Asked(question)).retrieval.passages]


def test_the_first_line_answers_why_a_windows_image_is_big(assistant: Assistant) -> None:
    question = "Why is my Windows container image so big?"
    assert "corpus/notes/lambda.md" in retrieved_sources(assistant, question)
    answer = assistant.ask(question)
    first, points = lines_of(answer)
    assert "300 MB" in first and "larger than Linux" in first
    assert re.search(r"\[1\]$", first)
    assert "Here is what" not in answer.answer
    assert "Lambda" not in answer.answer
    assert all(c.source != "corpus/notes/lambda.md" for c in answer.citations)
    assert len(points) <= MAX_POINTS


def test_near_duplicate_passages_are_merged(assistant: Assistant) -> None:
    question = "What's the difference between nanoserver and servercore?"
    sources = [
        (p.chunk.source, p.chunk.section)
        for p in assistant.prepare.invoke(Asked(question)).retrieval.passages
    ]
    # The table row and the note paragraph it was written from are both retrieved...
    assert ("corpus/compat/base_images.yaml", "nanoserver") in sources
    answer = assistant.ask(question)
    first, points = lines_of(answer)
    said = [first, *points]
    # ...and only one of them is quoted: no two lines of the answer repeat each other.
    for i, a in enumerate(said):
        for b in said[i + 1 :]:
            assert overlap(a, b) < REPEATS, (a, b)
    assert "Server Core" in answer.answer and "Nano Server" in answer.answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What's the OS build number of Windows Server 2022?", "20348"),
        ("What flag do I pass to docker run to get Hyper-V isolation?", "--isolation=hyperv"),
        (
            "Which node label tells Windows Server versions apart in a Kubernetes cluster?",
            "node.kubernetes.io/windows-build",
        ),
    ],
)
def test_the_first_line_holds_the_fact_asked_for(
    assistant: Assistant, question: str, fact: str
) -> None:
    first, points = lines_of(assistant.ask(question))
    assert fact in first
    assert len(points) <= MAX_POINTS
    assert all(re.search(r"\[\d+\]$", point) for point in points), "every point is cited"


def test_rows_of_one_table_are_not_merged_as_duplicates(assistant: Assistant) -> None:
    """The seed's table rows share their header, so their vectors are close; the kernel row
    must not be dropped as a copy of the resource-use row."""
    answer = assistant.ask(
        "윈도우 컨테이너는 어떤 커널을 쓰나요? 리눅스처럼 호스트 커널을 공유하나요?"
    )
    assert "Windows NT 커널" in answer.answer


def test_a_korean_question_is_answered_from_the_korean_source(assistant: Assistant) -> None:
    answer = assistant.ask("나노 서버에 파워셸이 있나요?")
    first, _ = lines_of(answer)
    assert len(_HANGUL.findall(first)) > 10
    assert "PowerShell" in first
    n = int(re.findall(r"\[(\d+)\]", first)[-1])
    cited = next(c for c in answer.citations if c.n == n)
    assert _HANGUL.search(cited.snippet)


def test_a_verdict_keeps_its_layout_and_at_most_three_notes(assistant: Assistant) -> None:
    answer = assistant.ask("Can I run my .NET Framework app on GKE?")
    assert answer.answer.startswith("**Yes, with conditions.**")
    notes = answer.answer.split("From the notes:")[1]
    bullets = [line for line in notes.splitlines() if line.startswith("- ")]
    assert 1 <= len(bullets) <= MAX_POINTS
    assert all("GKE" in b or ".NET Framework" in b for b in bullets)


class _Counting(Embeddings):
    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.queries: list[str] = []
        self.documents = 0

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents += len(texts)
        return self.inner.embed_documents(texts)


def test_passages_are_compared_with_their_stored_vectors_not_embedded_again(
    built_index_settings: object, embeddings: Embeddings
) -> None:
    counting = _Counting(embeddings)
    built = Assistant.from_settings(built_index_settings, embeddings=counting)  # type: ignore[arg-type]
    try:
        counting.queries.clear()
        answer = built.ask("What's the difference between nanoserver and servercore?")
    finally:
        built.close()
    assert answer.citations
    assert counting.documents == 0
    # The retrieval query, once; the scope check may embed the question once more.
    assert len(counting.queries) <= 2
    assert all(tokenize(q) for q in counting.queries)
