"""`make bench`: SIGKILL a real `berth ingest` at every phase of a full and of an incremental
build (issue 10, item 1). After each kill the index serves exactly the old generation (nothing,
for a first build) or exactly the new one, never a mix, and the next ingest completes.

Minutes long (every killed full build embeds the corpus again), hence here and not in
`make test`, which runs one kill of each kind (tests/assistant/ingest/test_generations.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from berth_testing import make_settings
from ingest_faults import (
    NOT_BUILT,
    copy_corpus,
    edit_corpus,
    ingest_killed_at,
    restore_corpus,
    run_ingest,
    served,
)

from assistant.config import PACKAGED_MODEL
from assistant.ingest.embeddings import enforce_offline, load_embeddings

FULL_POINTS = ["validated", "staged", "embedded 256/", "vectors", "lexical", "tables", "manifest"]
FULL_POINTS += ["verified", "switched"]
INCREMENTAL_POINTS = ["validated", "staged", "copied 256/", "embedded", "vectors", "lexical"]
INCREMENTAL_POINTS += ["tables", "manifest", "verified", "switched"]


@pytest.fixture(scope="module")
def embeddings() -> Any:
    enforce_offline()
    return load_embeddings(PACKAGED_MODEL)


@pytest.mark.benchmark
def test_every_kill_point_of_a_full_and_an_incremental_build(
    tmp_path: Path, embeddings: Any
) -> None:
    settings = make_settings(tmp_path, corpus_dir=copy_corpus(tmp_path))
    outcomes: list[tuple[str, str, Any]] = []
    for point in FULL_POINTS:
        ingest_killed_at(settings, point)
        outcomes.append(("full", point, served(settings, embeddings)))
        if outcomes[-1][2] != NOT_BUILT:
            break  # the switch happened: nothing left to kill in a full build
    done = run_ingest(settings)
    assert done.returncode == 0, done.stderr
    a = served(settings, embeddings)
    edit_corpus(settings.corpus_dir)
    assert run_ingest(settings).returncode == 0
    b = served(settings, embeddings)
    assert a != b

    for point in INCREMENTAL_POINTS:
        restore_corpus(settings.corpus_dir)
        assert run_ingest(settings).returncode == 0
        edit_corpus(settings.corpus_dir)
        ingest_killed_at(settings, point)
        outcomes.append(("incremental", point, served(settings, embeddings)))
        completed = run_ingest(settings)
        assert completed.returncode == 0, completed.stderr
        assert served(settings, embeddings) == b, f"the ingest after a kill at {point}"

    def label(kind: str, got: Any) -> str:
        if got == NOT_BUILT:
            return "nothing yet (IndexNotBuilt: run 'berth ingest')"
        if got == b or (kind == "full" and got == a):
            return "the new generation, whole"
        return "the old generation, whole" if got == a else "A MIX"

    print("\nbuild        kill at          then serves")
    for kind, point, got in outcomes:
        print(f"{kind:12} {point:16} {label(kind, got)}")
    for kind, point, got in outcomes:
        assert got in ((NOT_BUILT, a) if kind == "full" else (a, b)), (kind, point)
