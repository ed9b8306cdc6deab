"""What any Writer must do, whatever its words: a second writer (an LLM) runs this file too.

For real prepared questions (the real index and tables): the first line states the verdict in
the answer language, every condition is present, and `[n]` marks only name citations it lists.
"""

from __future__ import annotations

import re

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.pipeline.assistant import Assistant
from assistant.pipeline.state import Asked
from assistant.writers.base import Replaced, Writer, WriteRequest, Written
from assistant.writers.extractive import ExtractiveWriter
from assistant.writers.labels import HEADLINES
from assistant.writers.llm import LlmWriter

QUESTIONS = [
    "Can I run my .NET Framework app on GKE?",
    "Can I deploy a Windows container to Cloud Run?",
    "Can a Windows Server 2022 host run an ltsc2019 image?",
    "Does EKS Fargate support Windows pods?",
    "GKE에서 .NET Framework 앱을 실행할 수 있나요?",
    "윈도우 서버 2022 호스트에서 ltsc2019 이미지를 실행할 수 있나요?",
    "Which base image should I use for IIS?",
]


def writers(assistant: Assistant, request: WriteRequest) -> list[Writer]:
    """The extractive writer, and the LLM writer over a scripted model that answers faithfully
    (the verdict's headline, a reason and every condition; else the extractive answer's lead)."""
    extractive = ExtractiveWriter(assistant.index.term_weight)
    if request.verdict is not None:
        verdict = request.verdict
        headline = HEADLINES[request.language][verdict.status]
        reply = "\n".join(
            [f"**{headline}** {verdict.reasons[0] if verdict.reasons else ''} [1]"]
            + [f"- {c}" for c in verdict.conditions]
            + ["", f"_{request.reading}_"]
        )
    else:
        reply = extractive.compose(request).text.splitlines()[0]
    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
    return [extractive, LlmWriter(model, extractive, timeout_seconds=10)]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_writer_keeps_the_verdict_conditions_and_citations(
    assistant: Assistant, question: str
) -> None:
    prepared = assistant.prepare.invoke(Asked(question))
    decision = prepared.decision
    language = prepared.understood.language
    request = WriteRequest(
        query=prepared.understood.retrieval_query,
        language=language,
        verdict=decision.verdict if decision else None,
        evidence=decision.evidence if decision else [],
        passages=prepared.retrieval.passages,
        reading=prepared.understood.reading.text,
    )
    for writer in writers(assistant, request):
        pieces = list(writer.write(request))
        assert not [p for p in pieces if isinstance(p, Replaced)], "a faithful answer stands"
        written = pieces[-1]
        assert isinstance(written, Written)
        assert all(isinstance(p, str) for p in pieces[:-1]), "only the last piece is the whole"
        assert "".join(p for p in pieces[:-1] if isinstance(p, str)) == written.text
        numbers = {c.n for c in written.citations}
        assert {int(n) for n in re.findall(r"\[(\d+)\]", written.text)} <= numbers
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        if decision is None:
            continue
        headline = f"**{HEADLINES[language][decision.verdict.status]}**"
        assert written.text.startswith(headline)
        for condition in decision.verdict.conditions:
            assert condition in written.text
        assert request.reading and request.reading in written.text
