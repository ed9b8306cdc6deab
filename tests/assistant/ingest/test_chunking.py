from pathlib import Path

from berth_testing import REPO_CORPUS

from assistant.ingest.build import in_english_too
from assistant.ingest.chunking import Chunk, chunk_document
from assistant.ingest.corpus import load_document
from assistant.search.glossary import Glossary

NOTE = """---
title: "GKE notes"
topics: [gke]
sources: [https://cloud.google.com/kubernetes-engine/docs/concepts/windows-server-gke]
checked: 2026-11-28
---
# GKE

Intro paragraph about Google Kubernetes Engine.

## Windows node pools

GKE Standard runs Windows Server node pools.

### Versions

| Node image | Windows Server version | Build |
| --- | --- | --- |
| windows_ltsc_containerd | Windows Server 2019 | 10.0.17763 |
| windows_ltsc_containerd | Windows Server 2022 | 10.0.20348 |

## Autopilot

GKE Autopilot does not run Windows nodes.
"""


def _doc(tmp_path: Path, text: str, folder: str = "notes", name: str = "gke.md"):
    corpus = tmp_path / "corpus"
    (corpus / folder).mkdir(parents=True, exist_ok=True)
    path = corpus / folder / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, corpus)


def test_chunks_carry_their_heading_path(tmp_path: Path) -> None:
    chunks = chunk_document(_doc(tmp_path, NOTE), chunk_size=900, chunk_overlap=100)
    by_text = {c.text: c for c in chunks if c.kind == "text"}
    assert (
        by_text["GKE Standard runs Windows Server node pools."].section
        == "GKE > Windows node pools"
    )
    assert by_text["GKE Autopilot does not run Windows nodes."].section == "GKE > Autopilot"
    assert all(c.source == "corpus/notes/gke.md" for c in chunks)
    assert all(c.url and c.url.startswith("https://cloud.google.com/") for c in chunks)


def test_each_table_row_keeps_the_header_row(tmp_path: Path) -> None:
    chunks = [c for c in chunk_document(_doc(tmp_path, NOTE), 900, 100) if c.kind == "table"]
    assert len(chunks) == 2
    for chunk in chunks:
        lines = chunk.text.splitlines()
        assert lines[0] == "| Node image | Windows Server version | Build |"
        assert len(lines) == 3
        assert chunk.section == "GKE > Windows node pools > Versions"
    assert "10.0.20348" in chunks[1].text and "10.0.17763" not in chunks[1].text


def test_long_sections_split_under_the_size_limit(tmp_path: Path) -> None:
    body = "\n\n".join(
        f"Sentence number {i} about Windows containers and isolation." for i in range(80)
    )
    note = NOTE.split("# GKE")[0] + "## Long\n\n" + body
    chunks = chunk_document(_doc(tmp_path, note), chunk_size=300, chunk_overlap=50)
    assert len(chunks) > 5
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(c.section == "Long" for c in chunks)


def test_ids_are_content_hashes(tmp_path: Path) -> None:
    first = chunk_document(_doc(tmp_path, NOTE), 900, 100)
    again = chunk_document(_doc(tmp_path, NOTE), 900, 100)
    assert [c.id for c in first] == [c.id for c in again]
    changed = chunk_document(
        _doc(tmp_path, NOTE.replace("does not run Windows nodes", "runs Linux nodes only")),
        900,
        100,
    )
    assert len({c.id for c in first} ^ {c.id for c in changed}) == 2


def test_numbered_titles_are_sections_in_documents_without_headings(tmp_path: Path) -> None:
    korean = "1. 커널 및 실행 방식\n\n| 구분 | Linux | Windows |\n| --- | --- | --- |\n| 커널 | 공유 | NT |\n\n2. 사용 사례\n   Linux 컨테이너 추천\n"
    doc = _doc(tmp_path, korean, folder="source", name="seed.ko.md")
    chunks = chunk_document(doc, 900, 100)
    assert doc.language == "ko"
    assert [c.section for c in chunks] == ["1. 커널 및 실행 방식", "2. 사용 사례"]
    assert chunks[0].text.splitlines()[0] == "| 구분 | Linux | Windows |"


SEED_WRAPPED = """5. Windows에서 동시 사용
   Windows의 Docker Desktop은

Linux 컨테이너 모드(WSL2 기반)와

Windows 컨테이너 모드
를 전환해서 사용해야 함 → 동시에 실행 불가.
"""


def test_a_korean_sentence_wrapped_over_lines_is_one_sentence(tmp_path: Path) -> None:
    """The seed wraps one sentence over paragraphs; the writer drops lines under 20 characters,
    so "Windows 컨테이너 모드" went missing from the quoted sentence."""
    doc = _doc(tmp_path, SEED_WRAPPED, folder="source", name="seed.ko.md")
    (chunk,) = [c for c in chunk_document(doc, 900, 100) if c.kind == "text"]
    assert "Docker Desktop은 Linux 컨테이너 모드(WSL2 기반)와 Windows 컨테이너 모드를 전환" in (
        chunk.text
    )


def test_a_table_row_is_searched_as_header_and_cell_pairs(tmp_path: Path) -> None:
    row = next(c for c in chunk_document(_doc(tmp_path, NOTE), 900, 100) if c.kind == "table")
    searched = row.search_text()
    assert "Windows Server version: Windows Server 2019" in searched
    assert "|" not in searched and "---" not in searched


def _chunk(text: str, language: str = "ko", kind: str = "text") -> Chunk:
    return Chunk("id-" + text[:8], "corpus/source/s.ko.md", "t", "s", text, None, language, kind)  # type: ignore[arg-type]


def test_korean_passages_carry_their_telling_english_terms() -> None:
    """ "사용 사례" is found as "use cases"; "컨테이너" is on nearly every passage, so its
    "container" would only crowd English notes out of the top-k."""
    glossary = Glossary.for_corpus(REPO_CORPUS)
    plain = [_chunk(f"container note {i}", "en") for i in range(20)]
    korean = _chunk("Windows 컨테이너 추천: 기존 애플리케이션 사용 사례")
    row = _chunk("사용 사례", kind="row")
    out = {c.id: c for c in in_english_too([*plain, korean, row], glossary)}
    assert "use cases" in out[korean.id].english
    assert "container" not in out[korean.id].english.split()
    assert "use cases" in out[korean.id].search_text()
    assert out[row.id].english == ""
