"""QueryRecorder: the timed answer is never served from memory; only the re-ranking is."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from eval.systems import QueryRecorder


class Counting(Embeddings):
    def __init__(self) -> None:
        self.calls: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.calls.append(text)
        return [float(len(text)), float(len(self.calls))]


def test_replays_only_the_last_query_and_only_when_asked() -> None:
    inner = Counting()
    rec = QueryRecorder(inner)
    first = rec.embed_query("gke windows")
    assert rec.embed_query("gke windows") != first  # outside replay: computed again
    assert rec.last_query == "gke windows"
    last = rec.embed_query("gke windows")
    with rec.replaying():
        assert rec.embed_query("gke windows") == last
        rec.embed_query("other")  # not the remembered text: computed
    assert inner.calls == ["gke windows"] * 3 + ["other"]
    rec.forget()
    assert rec.last_query is None
