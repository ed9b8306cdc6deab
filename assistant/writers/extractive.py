"""The extractive composer: words an answer from the verdict and the retrieved passages, offline.

It never invents a fact: every sentence of substance is a verdict text from the tables or a
sentence quoted from a retrieved passage, and each carries the number of its citation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.compat.query import Evidence
from assistant.ingest.chunking import Chunk
from assistant.models import Citation, Language, Verdict, VerdictStatus
from assistant.search.retrieval import Passage
from assistant.search.text import tokenize

HEADLINES: dict[Language, dict[VerdictStatus, str]] = {
    "en": {
        "yes": "Yes.",
        "no": "No.",
        "conditional": "Yes, with conditions.",
        "unknown": "Not settled by Berth's compatibility tables.",
    },
    "ko": {
        "yes": "예, 가능합니다.",
        "no": "아니요, 불가능합니다.",
        "conditional": "예, 조건부로 가능합니다.",
        "unknown": "호환성 표만으로는 판단할 수 없습니다.",
    },
}

_LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "conditions": "Conditions (all must hold):",
        "alternatives": "Alternatives:",
        "why": "Why:",
        "missing": "What the tables do not settle:",
        "notes": "From the notes:",
        "lead": "Here is what Berth's sources say:",
        "declined": (
            "I can only answer questions about containers and the platforms that run them "
            "(Linux and Windows containers, base images, Windows version compatibility, "
            "Kubernetes and cloud container services), and I found nothing relevant to this one."
        ),
        "suggest": (
            'Try, for example: "Can I run my .NET Framework app on GKE?" or '
            '"Which base image do I need for IIS?"'
        ),
    },
    "ko": {
        "conditions": "조건 (모두 충족해야 함):",
        "alternatives": "대안:",
        "why": "근거:",
        "missing": "표에서 확인되지 않는 부분:",
        "notes": "참고 문서 내용:",
        "lead": "관련 문서에서 찾은 내용입니다:",
        "declined": (
            "이 질문은 제가 답할 수 있는 범위 밖입니다. 저는 컨테이너와 그 실행 플랫폼"
            "(Linux/Windows 컨테이너, 베이스 이미지, Windows 버전 호환성, Kubernetes 및 "
            "클라우드 컨테이너 서비스)에 관한 질문에만 답하며, "
            "이 질문과 관련된 자료를 찾지 못했습니다."
        ),
        "suggest": (
            '예를 들어 이렇게 물어보세요: "GKE에서 .NET Framework 앱을 실행할 수 있나요?", '
            '"IIS에는 어떤 베이스 이미지가 필요한가요?"'
        ),
    },
}

# A sentence ends at . ! ? before a capital, digit or quote; not before "(": error messages are
# quoted with their code after the full stop ("… of the host. (0xc0370101)").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`*\"'])|(?<=다\.)\s+|\n+")
_MAX_NOTE_PASSAGES = 3
_SNIPPET_CHARS = 320


@dataclass(frozen=True)
class Composed:
    text: str
    citations: list[Citation]


class ExtractiveComposer:
    def __init__(self, term_weight: Callable[[str], float] | None = None) -> None:
        # How telling a word is when picking sentences: rare words ("ENI", "VM") should outweigh
        # words every passage has ("Windows", "container"). Default: every word counts the same.
        self._weight = term_weight or (lambda term: 1.0)

    def compose(
        self,
        *,
        query: str,
        language: Language,
        verdict: Verdict | None,
        evidence: Sequence[Evidence],
        passages: Sequence[Passage],
    ) -> Composed:
        labels = _LABELS[language]
        citations = _Citations()
        lines: list[str] = []
        if verdict is not None:
            fact_refs = "".join(citations.add(e.source, e.section, e.url, e.text) for e in evidence)
            lead = verdict.reasons[0] if verdict.reasons else ""
            lines.append(f"**{HEADLINES[language][verdict.status]}** {lead} {fact_refs}".rstrip())
            for label, items in (
                ("conditions", verdict.conditions),
                ("alternatives", verdict.alternatives),
                ("missing", verdict.missing),
                ("why", verdict.reasons[1:]),
            ):
                if items:
                    lines += ["", labels[label], *(f"- {item}" for item in items)]
        quoted = self._quote(query, language, verdict, passages, citations)
        if quoted:
            lines += ["", labels["notes"] if verdict is not None else labels["lead"], *quoted]
        return Composed(text="\n".join(lines).strip(), citations=citations.all())

    def decline(self, language: Language) -> Composed:
        labels = _LABELS[language]
        return Composed(text=f"{labels['declined']}\n\n{labels['suggest']}", citations=[])

    def _quote(
        self,
        query: str,
        language: Language,
        verdict: Verdict | None,
        passages: Sequence[Passage],
        citations: _Citations,
    ) -> list[str]:
        # The search query, not just the question: a follow-up ("for that?") is answered by
        # sentences about what the conversation was about.
        weights = {term: self._weight(term) for term in set(tokenize(query))}
        quoted: list[str] = []
        # A question without a verdict is answered by the passages alone, so it gets one more.
        limit = _MAX_NOTE_PASSAGES + (1 if verdict is None else 0)
        for chunk in _quotable(passages, language, citations.sections())[:limit]:
            excerpt = _best_excerpt(chunk.text, weights, table=chunk.kind == "table")
            if not excerpt:
                continue
            ref = citations.add(chunk.source, chunk.section, chunk.url, excerpt)
            quoted.append(f"- {excerpt} {ref}")
        return quoted


class _Citations:
    """Numbers sources in order of first use; a source cited twice keeps its first number."""

    def __init__(self) -> None:
        self._items: list[Citation] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def add(self, source: str, section: str, url: str | None, snippet: str) -> str:
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
                    snippet=_clip(snippet, _SNIPPET_CHARS),
                )
            )
        return f"[{self._numbers[key]}]"

    def all(self) -> list[Citation]:
        return list(self._items)

    def sections(self) -> set[tuple[str, str]]:
        return {(c.source, c.section) for c in self._items}


def _quotable(
    passages: Sequence[Passage], language: Language, cited: set[tuple[str, str]]
) -> list[Chunk]:
    """Passages worth quoting: not a table row the verdict already cites, and a table row only in
    the answer's language (every row is indexed in English and Korean; one copy is enough)."""
    chunks: list[Chunk] = []
    for passage in passages:
        chunk = passage.chunk
        if chunk in chunks:
            continue
        if chunk.kind == "row" and (
            chunk.language != language or (chunk.source, chunk.section) in cited
        ):
            continue
        chunks.append(chunk)
    return chunks


def _best_excerpt(text: str, weights: Mapping[str, float], *, table: bool) -> str:
    """The one or two sentences of a passage that share the most telling words with the question."""
    if table:
        return _table_row_as_text(text)
    if len(" ".join(text.split())) <= _SNIPPET_CHARS:
        # Short enough to quote whole; picking lines out of it can tear a sentence that its
        # author wrapped over several lines (the Korean source does).
        return _clip(text, _SNIPPET_CHARS)
    sentences = [s.strip(" -*") for s in _SENTENCE_END.split(text) if len(s.strip()) > 20]
    if not sentences:
        return _clip(text.strip(), _SNIPPET_CHARS)

    def score(sentence: str) -> float:
        return sum(weights.get(term, 0.0) for term in set(tokenize(sentence)))

    ranked = sorted(range(len(sentences)), key=lambda i: (-score(sentences[i]), i))
    chosen = sorted(ranked[:2])
    return _clip(" ".join(sentences[i] for i in chosen), _SNIPPET_CHARS)


def _table_row_as_text(text: str) -> str:
    """`| a | b |` under `| h1 | h2 |` reads as `h1: a; h2: b`."""
    rows = [line for line in text.splitlines() if line.strip().startswith("|")]
    if len(rows) < 3:
        return _clip(text, _SNIPPET_CHARS)
    header, row = _cells(rows[0]), _cells(rows[2])
    pairs = [f"{h}: {v}" if h else v for h, v in zip(header, row, strict=False) if v]
    return _clip("; ".join(pairs), _SNIPPET_CHARS)


def _cells(row: str) -> list[str]:
    return [re.sub(r"[*`]", "", cell).strip() for cell in row.strip().strip("|").split("|")]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
