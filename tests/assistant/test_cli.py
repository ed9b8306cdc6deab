"""The `berth` command as a user runs it: a real process, one error line and exit 2 on bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from berth_testing import REPO_CORPUS

from assistant.config import Settings

BERTH = [sys.executable, "-m", "assistant.cli"]


def run(
    args: list[str], settings: Settings, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BERTH_CORPUS_DIR": str(settings.corpus_dir),
        "BERTH_INDEX_DIR": str(settings.index_dir),
        "BERTH_STATE_DB": str(settings.state_db),
    }
    completed = subprocess.run(
        [*BERTH, *args], input=stdin or b"", env=env, capture_output=True, timeout=300
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("berth: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture()
def empty_settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        corpus_dir=REPO_CORPUS,
        index_dir=tmp_path / "index",
        state_db=tmp_path / "state.sqlite3",
    )


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (["ask", "   "], None, "question is empty"),
        (["ask", "x" * 2001], None, "the limit is 2000"),
        (["ask"], b"\xff\xfe not utf-8", "stdin is not UTF-8"),
        (["ask", "-"], b"", "question is empty"),
    ],
)
def test_bad_questions(
    empty_settings: Settings, args: list[str], stdin: bytes | None, fragment: str
) -> None:
    assert_one_line_error(run(args, empty_settings, stdin), fragment)


def test_missing_index_says_run_ingest(empty_settings: Settings) -> None:
    result = run(["ask", "Can I run IIS on nanoserver?"], empty_settings)
    assert_one_line_error(result, "IndexNotBuilt: run 'berth ingest' first")


def test_corrupt_index_says_run_ingest(built_index_settings: Settings, tmp_path: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(built_index_settings.index_dir, index)
    current = (index / "current").read_text().strip()
    (index / "generations" / current / "lexical" / "chunks.jsonl").write_text(
        "{broken", encoding="utf-8"
    )
    settings = built_index_settings.model_copy(update={"index_dir": index})
    assert_one_line_error(run(["ask", "What is nanoserver?"], settings), "corrupt")


def test_broken_front_matter_names_the_file_and_keeps_the_index(
    built_index_settings: Settings, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(built_index_settings.corpus_dir, corpus)
    index = tmp_path / "index"
    shutil.copytree(built_index_settings.index_dir, index)
    manifest = (index / "current").read_bytes()
    (corpus / "notes" / "gke.md").write_text(
        "---\ntitle: GKE\nsources: https://x\n", encoding="utf-8"
    )
    settings = built_index_settings.model_copy(update={"corpus_dir": corpus, "index_dir": index})

    result = run(["ingest"], settings)
    assert_one_line_error(result, "corpus/notes/gke.md: front matter is not closed")
    assert (index / "current").read_bytes() == manifest  # still the generation it was


def test_ingest_is_a_noop_when_nothing_changed(built_index_settings: Settings) -> None:
    result = run(["ingest", "--json"], built_index_settings)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["up_to_date"] is True and report["embedded"] == 0


def test_ask_json_prints_the_answer_contract(built_index_settings: Settings) -> None:
    result = run(["ask", "--json", "Can I run my .NET Framework app on GKE?"], built_index_settings)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) >= {
        "id",
        "question",
        "language",
        "answer",
        "verdict",
        "citations",
        "declined",
        "conversation_id",
        "timings_ms",
    }
    assert answer["language"] == "en" and not answer["declined"]
    assert any(c["source"] == "corpus/notes/gke.md" for c in answer["citations"])


def test_api_keys_as_a_comma_separated_list(empty_settings: Settings) -> None:
    """`BERTH_API_KEYS=k1,k2`, the form most services accept, was a pydantic parsing error."""
    from assistant.config import Settings as Fresh

    os.environ["BERTH_API_KEYS"] = " k1, k2 "
    try:
        assert Fresh(_env_file=None).api_keys == ["k1", "k2"]  # type: ignore[call-arg]
        os.environ["BERTH_API_KEYS"] = '["k1", "k2"]'
        assert Fresh(_env_file=None).api_keys == ["k1", "k2"]  # type: ignore[call-arg]
    finally:
        del os.environ["BERTH_API_KEYS"]


def test_a_bad_api_keys_value_says_which_forms_work(empty_settings: Settings) -> None:
    env_settings = empty_settings
    os.environ["BERTH_API_KEYS"] = '["k1", '
    try:
        result = run(["feedback"], env_settings)
    finally:
        del os.environ["BERTH_API_KEYS"]
    assert_one_line_error(result, "BERTH_API_KEYS: not a valid JSON list")
    assert "comma-separated list (a,b)" in result.stderr and '["a", "b"]' in result.stderr
