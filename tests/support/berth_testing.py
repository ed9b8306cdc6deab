"""Helpers for tests and benchmarks (pytest puts tests/support/ on the path).

They live in their own folder because putting tests/ itself on sys.path would let
tests/assistant/ shadow the real `assistant` package as a namespace package.
"""

from __future__ import annotations

from pathlib import Path

from assistant.config import PACKAGED_MODEL, Settings

REPO = Path(__file__).resolve().parents[2]
REPO_CORPUS = REPO / "corpus"


def make_settings(root: Path, corpus_dir: Path = REPO_CORPUS, **overrides: object) -> Settings:
    """Settings isolated from the developer's environment and `.env`, rooted in a tmp dir."""
    values: dict[str, object] = {
        "corpus_dir": corpus_dir,
        "index_dir": root / "index",
        "state_db": root / "state.sqlite3",
        "embedding_model": PACKAGED_MODEL,
        # TestClient sends "Host: testserver"; servers started by tests listen on 127.0.0.1.
        "allowed_hosts": ["testserver", "127.0.0.1", "localhost"],
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
