"""The tables of an index generation: what `ask`/`serve` read, never the live corpus YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS, make_settings

from assistant.compat import CompatEngine
from assistant.config import Settings
from assistant.errors import IndexNotBuilt
from assistant.ingest.compiled_tables import (
    FILE_NAME,
    SOURCE_COPY,
    load_compat,
    save_tables,
    tables_code_key,
)
from assistant.ingest.generations import new_generation_id
from assistant.ingest.index import IndexLayout

QUESTION = "Can I deploy a Windows container to Cloud Run?"


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS, corpus)
    return make_settings(tmp_path, corpus_dir=corpus)


def _generation_with_tables(settings: Settings) -> IndexLayout:
    """A generation holding only its tables (what ingest saves), made current."""
    layout = IndexLayout(settings.index_dir, new_generation_id())
    layout.folder.mkdir(parents=True)
    save_tables(layout.folder, CompatEngine.load(settings.compat_dir), settings.compat_dir)
    layout.pointer.switch(str(layout.generation))
    return layout


def _verdict(engine: CompatEngine) -> str | None:
    decision = engine.decide(engine.understand(QUESTION), "en")
    return decision.verdict.status if decision else None


def test_saved_tables_answer_like_the_yaml(settings: Settings) -> None:
    _generation_with_tables(settings)
    saved = load_compat(settings)
    fresh = CompatEngine.load(settings.compat_dir)
    assert saved.version() == fresh.version()
    assert saved.tables == fresh.tables
    assert _verdict(saved) == _verdict(fresh) == "no"


def test_a_broken_live_table_changes_nothing_served(settings: Settings) -> None:
    """Item 2 of issue 10: a typo in corpus/compat used to make `ask` and `serve` exit 2."""
    _generation_with_tables(settings)
    version = load_compat(settings).version()
    platforms = settings.compat_dir / "platforms.yaml"
    platforms.write_text("platforms: [", encoding="utf-8")
    (settings.compat_dir / "editions.yaml").unlink()
    engine = load_compat(settings)
    assert engine.version() == version
    assert _verdict(engine) == "no"


def test_a_torn_pickle_falls_back_to_the_generations_own_yaml(settings: Settings) -> None:
    layout = _generation_with_tables(settings)
    path = layout.folder / FILE_NAME
    key = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(key + b"\nnot a pickle")
    (settings.compat_dir / "platforms.yaml").write_text("platforms: [", encoding="utf-8")
    assert _verdict(load_compat(settings)) == "no"

    path.write_bytes(key + b"\nnot a pickle")
    shutil.rmtree(layout.folder / SOURCE_COPY)
    with pytest.raises(IndexNotBuilt, match="run 'berth ingest'"):
        load_compat(settings)


def test_tables_compiled_by_other_code_are_compiled_again_once(settings: Settings) -> None:
    """After an upgrade the first start validates the generation's YAML copy and saves the
    result, so the next start reads the pickle again (cold start, issue 13)."""
    layout = _generation_with_tables(settings)
    path = layout.folder / FILE_NAME
    payload = path.read_bytes().split(b"\n", 1)[1]
    path.write_bytes(b"compiled-by-older-code\n" + payload)
    assert _verdict(load_compat(settings)) == "no"
    assert path.read_bytes().split(b"\n", 1)[0] == tables_code_key().encode()

    shutil.rmtree(layout.folder / SOURCE_COPY)  # the pickle alone now suffices
    assert _verdict(load_compat(settings)) == "no"


def test_no_generation_says_run_ingest(settings: Settings) -> None:
    with pytest.raises(IndexNotBuilt, match="run 'berth ingest'"):
        load_compat(settings)
