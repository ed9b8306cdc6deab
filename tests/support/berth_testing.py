"""Helpers for tests and benchmarks (pytest puts tests/support/ on the path).

They live in their own folder because putting tests/ itself on sys.path would let
tests/assistant/ shadow the real `assistant` package as a namespace package.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.config import PACKAGED_MODEL, Settings

REPO = Path(__file__).resolve().parents[2]
REPO_CORPUS = REPO / "corpus"


def berth_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a `berth` subprocess: these settings, offline, no telemetry, and no
    BERTH_* variable of the shell that ran the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERTH_")}
    env.update(
        BERTH_CORPUS_DIR=str(settings.corpus_dir),
        BERTH_INDEX_DIR=str(settings.index_dir),
        BERTH_STATE_DB=str(settings.state_db),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ORT_DISABLE_TELEMETRY="1",
        ANONYMIZED_TELEMETRY="False",
        **extra,
    )
    return env


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
