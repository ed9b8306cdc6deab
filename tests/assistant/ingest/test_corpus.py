from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS

from assistant.errors import CorpusInvalid
from assistant.ingest.corpus import load_corpus

GOOD = "---\ntitle: T\ntopics: [x]\nsources: [https://example.org/a]\nchecked: 2026-11-28\n---\n# T\n\nBody.\n"


def _corpus(tmp_path: Path, notes: dict[str, str | bytes]) -> Path:
    (tmp_path / "notes").mkdir(parents=True)
    for name, text in notes.items():
        path = tmp_path / "notes" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return tmp_path


def test_repo_corpus_is_valid_and_the_seed_is_unchanged() -> None:
    documents = load_corpus(REPO_CORPUS)
    paths = {d.path for d in documents}
    assert "corpus/source/linux-vs-windows-containers.ko.md" in paths
    seed = REPO_CORPUS.parent.parent / "shared" / "seed" / "linux-vs-windows-containers.ko.md"
    if seed.exists():
        ours = REPO_CORPUS / "source" / "linux-vs-windows-containers.ko.md"
        assert ours.read_bytes() == seed.read_bytes()
    for document in documents:
        if document.path.startswith("corpus/notes/"):
            assert document.meta.sources, document.path
            assert document.meta.checked is not None, document.path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# No front matter\n", "missing YAML front matter"),
        ("---\ntitle: [unclosed\n---\nbody\n", "not valid YAML"),
        ("---\ntitle: T\nsources: [https://e.org]\n", "not closed"),
        ("---\ntitle: T\nsources: [ftp://e.org]\nchecked: 2026-01-01\n---\nx\n", "sources"),
        ("---\ntitle: T\nsources: [https://e.org]\nchecked: soon\n---\nx\n", "checked"),
        ("---\ntitle: T\nchecked: 2026-01-01\n---\nx\n", "sources"),
        (b"---\ntitle: T\n---\n\xff\xfe", "not UTF-8"),
    ],
)
def test_broken_notes_name_the_file_and_the_problem(
    tmp_path: Path, text: str | bytes, problem: str
) -> None:
    corpus = _corpus(tmp_path, {"good.md": GOOD, "bad.md": text})
    with pytest.raises(CorpusInvalid) as caught:
        load_corpus(corpus)
    assert caught.value.message.startswith(f"{tmp_path.name}/notes/bad.md: ")
    assert problem in caught.value.message
