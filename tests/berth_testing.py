"""Helpers for tests (importable because pytest puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path

from assistant.config import PACKAGED_MODEL, Settings

REPO = Path(__file__).resolve().parents[1]
REPO_CORPUS = REPO / "corpus"


def make_settings(root: Path, corpus_dir: Path = REPO_CORPUS, **overrides: object) -> Settings:
    """Settings isolated from the developer's environment and `.env`, rooted in a tmp dir."""
    values: dict[str, object] = {
        "corpus_dir": corpus_dir,
        "index_dir": root / "index",
        "state_db": root / "state.sqlite3",
        "embedding_model": PACKAGED_MODEL,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
