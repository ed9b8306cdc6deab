"""Index generations (issue 10, items 1-3): the served index is always one whole generation.

Real parts throughout: the real `berth ingest` as a subprocess (killed with SIGKILL on the phase
markers it prints), a real on-disk Chroma, the real model. Each test starts from a copy of the
session's index and corpus, so only the chunks a test changes are embedded. The kill matrix
over every phase of a full and of an incremental build takes minutes: it is
bench/test_ingest_faults.py (`make bench`); here one kill of each kind runs.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from berth_testing import make_settings
from ingest_faults import (
    QUESTIONS,
    copy_corpus,
    edit_corpus,
    ingest_killed_at,
    restore_corpus,
    run_ingest,
    served,
)

from assistant.config import Settings
from assistant.errors import CorpusInvalid, IndexNotBuilt
from assistant.ingest.generations import ingest_lock, list_generations
from assistant.ingest.index import IndexLayout, ingest, open_chroma, read_manifest
from assistant.search.retrieval import SearchIndex

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def answers(
    built_index_settings: Settings, embeddings: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """What generation A (the repo corpus) and B (one section added) serve."""
    root = tmp_path_factory.mktemp("versions")
    settings = _copy_of(built_index_settings, root)
    a = served(settings, embeddings)
    edit_corpus(settings.corpus_dir)
    ingest(settings, lambda: embeddings)
    b = served(settings, embeddings)
    assert a != b, "versions A and B must answer differently, or the kill test proves nothing"
    return {"A": a, "B": b}


@pytest.fixture()
def copied(built_index_settings: Settings, tmp_path: Path) -> Settings:
    return _copy_of(built_index_settings, tmp_path)


def _copy_of(built: Settings, root: Path) -> Settings:
    corpus = copy_corpus(root)
    shutil.copytree(built.index_dir, root / "index")
    return make_settings(root, corpus_dir=corpus, index_dir=root / "index")


def test_kill_during_an_incremental_build_serves_the_old_generation_whole(
    copied: Settings, embeddings: Any, answers: dict[str, Any]
) -> None:
    """Used to serve 429/429/429 counts with one chunk missing its vector and an orphan."""
    before = IndexLayout(copied.index_dir).pointer.read()
    assert served(copied, embeddings) == answers["A"]
    edit_corpus(copied.corpus_dir)
    phases = ingest_killed_at(copied, "manifest")
    assert "vectors" in phases  # the new vectors were written, in their own collection
    assert IndexLayout(copied.index_dir).pointer.read() == before
    assert served(copied, embeddings) == answers["A"]

    done = run_ingest(copied)
    assert done.returncode == 0, done.stderr
    assert served(copied, embeddings) == answers["B"]
    # The killed build's leftovers were collected: the current and the previous generation.
    assert len(list_generations(copied.index_dir)) == 2


def test_kill_after_the_switch_serves_the_new_generation(
    copied: Settings, embeddings: Any, answers: dict[str, Any]
) -> None:
    edit_corpus(copied.corpus_dir)
    ingest_killed_at(copied, "switched")
    assert served(copied, embeddings) == answers["B"]
    done = run_ingest(copied)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


def test_a_second_ingest_exits_2_with_one_line(copied: Settings) -> None:
    """Used to crash with a traceback on a shared manifest.tmp."""
    edit_corpus(copied.corpus_dir)
    with ingest_lock(copied.index_dir, wait_seconds=0):
        second = run_ingest(copied)
    assert second.returncode == 2
    assert second.stderr.splitlines() == [
        f"berth: error: another 'berth ingest' is writing {copied.index_dir} (waited 0 s); "
        "run again when it has finished"
    ]
    assert "Traceback" not in second.stderr


def test_vectors_are_checked_by_content_not_counts(copied: Settings, embeddings: Any) -> None:
    """One vector gone and one orphan added: the counts still agree, the content does not."""
    manifest = read_manifest(IndexLayout(copied.index_dir))
    collection = open_chroma(copied).get_collection(manifest.collection)
    victim = collection.get(limit=1, include=["embeddings", "documents", "metadatas"])
    collection.delete(ids=victim["ids"])
    collection.add(
        ids=["orphan"],
        embeddings=victim["embeddings"],
        documents=victim["documents"],
        metadatas=victim["metadatas"],
    )
    assert collection.count() == manifest.chunk_count
    with pytest.raises(IndexNotBuilt, match="1 missing, 1 unexpected"):
        SearchIndex.load(copied, embeddings)


def test_a_bad_table_fails_ingest_only(
    copied: Settings, embeddings: Any, answers: dict[str, Any]
) -> None:
    """`process: maybe` used to make `ask` and `serve` exit 2 with the index on disk fine."""
    editions = copied.compat_dir / "editions.yaml"
    text = editions.read_text(encoding="utf-8")
    editions.write_text(
        text.replace("process: {status: yes}", "process: {status: maybe}", 1), encoding="utf-8"
    )
    failed = run_ingest(copied)
    assert failed.returncode == 2
    assert failed.stderr.strip().splitlines()[-1] == (
        "berth: error: corpus/compat/editions.yaml: row 'ws-standard': unknown status 'maybe'"
    )
    assert served(copied, embeddings) == answers["A"]


def test_a_running_server_switches_generations_and_says_so(
    copied: Settings, embeddings: Any, answers: dict[str, Any]
) -> None:
    from loopback import running

    from api.app import create_app
    from api.server import uvicorn_options
    from assistant.pipeline.assistant import Assistant
    from assistant.pipeline.reloading import ReloadingAssistant

    settings = copied.model_copy(update={"index_check_seconds": 0.1})
    service = ReloadingAssistant(settings, Assistant.from_settings(settings, embeddings=embeddings))
    old = service.current.generation
    app = create_app(settings, service)
    with running(app, **uvicorn_options(settings)) as base, httpx.Client(base_url=base) as http:
        assert http.get("/readyz").json()["assistant"]["generation"] == old
        edit_corpus(settings.corpus_dir)
        report = ingest(settings, lambda: embeddings)
        deadline = time.monotonic() + 30
        while http.get("/readyz").json()["assistant"]["generation"] != report.generation:
            assert time.monotonic() < deadline, "the server never switched"
            time.sleep(0.1)
        ready = http.get("/readyz").json()["assistant"]
        assert ready["corpus_version"] == report.corpus_version
        # Answered by the new generation, through the server.
        asked = http.post("/v1/ask", json={"question": QUESTIONS[0]}, timeout=30).json()
        assert asked["answer"] == answers["B"][0][0]
    service.close()


def test_old_generations_are_collected_keeping_the_previous(
    copied: Settings, embeddings: Any
) -> None:
    first = IndexLayout(copied.index_dir).pointer.read()
    edit_corpus(copied.corpus_dir)
    second = ingest(copied, lambda: embeddings).generation
    restore_corpus(copied.corpus_dir)
    third = ingest(copied, lambda: embeddings).generation
    assert list_generations(copied.index_dir) == sorted([second, third])
    assert first not in list_generations(copied.index_dir)
    names = {c.name for c in open_chroma(copied).list_collections()}
    assert {n.rsplit("-", 2)[-2] + "-" + n.rsplit("-", 1)[-1] for n in names} == {second, third}


# --- item 3: every corpus error names file, line/row and field -----------------------------


@pytest.mark.parametrize("bad", ["2026-13-45", "2026-02-30"])
def test_an_impossible_date_in_a_table_names_file_line_row_and_field(
    copied: Settings, embeddings: Any, bad: str
) -> None:
    platforms = copied.compat_dir / "platforms.yaml"
    lines = platforms.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("checked: 20"))
    lines[at] = lines[at].split("checked:")[0] + f"checked: {bad}\n"
    platforms.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CorpusInvalid) as raised:
        ingest(copied, lambda: embeddings)
    message = raised.value.message
    assert message.startswith(f"corpus/compat/platforms.yaml: line {at + 1}, row '")
    assert f"field 'checked': '{bad}' is not a date" in message


def test_an_impossible_front_matter_date_names_file_line_and_field(
    copied: Settings, embeddings: Any
) -> None:
    note = copied.corpus_dir / "notes" / "gke.md"
    text = note.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("checked:"))
    lines[at] = "checked: 2026-02-30"
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CorpusInvalid) as raised:
        ingest(copied, lambda: embeddings)
    assert raised.value.message.startswith(
        f"corpus/notes/gke.md: front matter field 'checked' (line {at + 1}): "
    )


def test_a_front_matter_yaml_error_names_its_line(copied: Settings, embeddings: Any) -> None:
    (copied.corpus_dir / "notes" / "broken.md").write_text(
        "---\ntitle: ok\ntopics: [a, b\nsources: []\n---\nbody\n", encoding="utf-8"
    )
    with pytest.raises(CorpusInvalid, match=r"corpus/notes/broken.md: .*line \d+, column \d+"):
        ingest(copied, lambda: embeddings)


def test_corpus_errors_exit_2_without_a_traceback(copied: Settings) -> None:
    platforms = copied.compat_dir / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(re.sub(r"checked: 2026-\d\d-\d\d", "checked: 2026-13-45", text, count=1))
    failed = run_ingest(copied)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert (
        failed.stderr.strip()
        .splitlines()[-1]
        .startswith("berth: error: corpus/compat/platforms.yaml: line ")
    )
