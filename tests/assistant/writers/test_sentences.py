"""Sentences of a passage as the writer quotes them."""

from __future__ import annotations

from assistant.ingest.chunking import Chunk
from assistant.writers.sentences import sentences


def test_a_short_line_labels_the_sentence_after_it() -> None:
    """The seed's "Windows 컨테이너 추천" heads the list under it; alone it is too short to
    quote and was dropped, leaving the use cases without saying whose they are."""
    text = (
        "Windows 컨테이너 추천\n\n기존 Windows 애플리케이션(.NET Framework, ASP.NET, IIS) 유지보수"
    )
    chunk = Chunk("c", "corpus/source/s.ko.md", "t", "4. 사용 사례", text, None, "ko", "text")
    assert sentences(chunk) == [
        "Windows 컨테이너 추천: 기존 Windows 애플리케이션(.NET Framework, ASP.NET, IIS) 유지보수"
    ]
