"""The validated tables saved in the index: used while current, never once a table changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS, make_settings

from assistant.compat import CompatEngine
from assistant.config import Settings
from assistant.errors import CorpusInvalid
from assistant.ingest.compiled_tables import (
    FILE_NAME,
    load_compat,
    refresh_compiled_tables,
)

QUESTION = "Can I deploy a Windows container to Cloud Run?"


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS, corpus)
    return make_settings(tmp_path, corpus_dir=corpus)


def _verdict(engine: CompatEngine) -> str | None:
    decision = engine.decide(engine.understand(QUESTION), "en")
    return decision.verdict.status if decision else None


def test_saved_tables_answer_like_the_yaml(settings: Settings) -> None:
    assert refresh_compiled_tables(settings) is True
    assert refresh_compiled_tables(settings) is False  # current: nothing to write
    saved = load_compat(settings)
    fresh = CompatEngine.load(settings.compat_dir)
    assert saved.version() == fresh.version()
    assert saved.tables == fresh.tables
    assert _verdict(saved) == _verdict(fresh) == "no"


def test_an_edited_table_is_read_from_the_yaml(settings: Settings) -> None:
    refresh_compiled_tables(settings)
    platforms = settings.compat_dir / "platforms.yaml"
    platforms.write_text(platforms.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_compat(settings).version() == CompatEngine.load(settings.compat_dir).version()
    assert load_compat(settings).version() != _saved_version(settings)

    platforms.write_text("platforms: [", encoding="utf-8")
    with pytest.raises(CorpusInvalid, match="platforms.yaml"):
        load_compat(settings)  # a broken table fails as it always did, not from a stale copy


def test_a_torn_file_falls_back_to_the_yaml(settings: Settings) -> None:
    refresh_compiled_tables(settings)
    path = settings.index_dir / FILE_NAME
    key = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(key + b"\nnot a pickle")
    assert _verdict(load_compat(settings)) == "no"
    assert refresh_compiled_tables(settings) is True  # written again, readable this time
    assert refresh_compiled_tables(settings) is False
    path.unlink()
    assert refresh_compiled_tables(settings) is True


def _saved_version(settings: Settings) -> str:
    import pickle

    payload = (settings.index_dir / FILE_NAME).read_bytes().split(b"\n", 1)[1]
    return str(pickle.loads(payload).version)
