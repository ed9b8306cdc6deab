"""Issue 15: ingest is the one writer of a shared index; replicas need no index of their own.

A real PostgreSQL (state, generation files, pointer) and a real Chroma server (vectors): ingest
on one machine's folder, a replica with an empty folder loads the current generation from the
shared stores, a later ingest's generation is picked up by the running replica without a
restart, and 'up to date' is judged against what is shared, from whichever folder.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS, make_settings
from langchain_core.embeddings import Embeddings
from servers import ChromaServer, PostgresServer
from sqlalchemy import text

from assistant.config import Settings
from assistant.ingest.index import ingest
from assistant.pipeline.assistant import Assistant
from assistant.pipeline.reloading import ReloadingAssistant
from assistant.state.db import StateDatabase

pytestmark = pytest.mark.integration

QUESTION = "Can I run Windows containers on GKE?"


def small_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "notes").mkdir(parents=True)
    for note in ("gke.md", "cloud-run.md"):
        shutil.copy(REPO_CORPUS / "notes" / note, corpus / "notes" / note)
    shutil.copy(REPO_CORPUS / "glossary.ko-en.yaml", corpus / "glossary.ko-en.yaml")
    shutil.copytree(REPO_CORPUS / "compat", corpus / "compat")  # the assistant needs tables
    return corpus


def test_a_replica_with_no_index_serves_and_follows_the_shared_generation(
    tmp_path: Path,
    chroma_server: ChromaServer,
    postgres_server: PostgresServer,
    embeddings: Embeddings,
) -> None:
    corpus = small_corpus(tmp_path)
    state_url = postgres_server.new_database()

    def on(folder: str) -> Settings:
        return make_settings(
            tmp_path / folder,
            corpus,
            index_dir=tmp_path / folder / "index",
            chroma_url=chroma_server.url,
            state_url=state_url,
            index_shared=True,
            index_check_seconds=0.1,
        )

    first = ingest(on("ingest-job"), lambda: embeddings)
    assert not first.up_to_date

    replica = on("replica")
    assert not replica.index_dir.exists()
    serving = ReloadingAssistant(replica, Assistant.from_settings(replica, embeddings=embeddings))
    assert serving.status()["generation"] == first.generation
    answer = serving.ask(QUESTION)
    assert answer.citations and "GKE" in answer.answer
    assert (replica.index_dir / "generations" / first.generation / "manifest.json").is_file()

    # Another machine's ingest with the same corpus finds it up to date: nothing rebuilt.
    elsewhere = ingest(on("another-job"), lambda: embeddings)
    assert elsewhere.up_to_date and elsewhere.generation == first.generation

    # A changed corpus: a new generation, published; the running replica switches to it.
    shutil.copy(REPO_CORPUS / "notes" / "eks.md", corpus / "notes" / "eks.md")
    second = ingest(on("ingest-job"), lambda: embeddings)
    assert not second.up_to_date and second.generation != first.generation
    deadline = time.monotonic() + 60
    while serving.status()["generation"] != second.generation:
        assert time.monotonic() < deadline, "the replica did not follow the shared pointer"
        time.sleep(0.15)
        serving.ask(QUESTION)  # a request is what looks at the pointer
        serving.wait_for_reload(30)
    assert "EKS" in serving.ask("Can I run Windows containers on EKS?").answer

    # Only the served generation and the one before are kept in the shared state.
    db = StateDatabase(state_url)
    with db.read() as conn:
        kept = {row[0] for row in conn.execute(text("SELECT DISTINCT generation FROM index_files"))}
        pointer = conn.execute(text("SELECT generation FROM index_pointer")).scalar()
    db.dispose()
    assert kept == {first.generation, second.generation} and pointer == second.generation
    serving.close()
