"""Helpers for the index-generation tests and the fault bench: a real `berth ingest` subprocess
killed (SIGKILL) on one of the phase markers it prints to stderr, and what the index then serves.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from berth_testing import REPO, REPO_CORPUS, berth_env

from assistant.config import Settings
from assistant.errors import IndexNotBuilt

BERTH = str(Path(sys.executable).with_name("berth"))
MARKER = "berth: ingest: "
NOT_BUILT = "not built"

QUESTIONS = (
    "Can I deploy a Windows container to Cloud Run?",
    "Can I run my .NET Framework app on GKE?",
    "Which Windows Server versions does AKS support?",
)
EDITED_NOTE = "notes/cloud-run.md"
ADDED_SECTION = (
    "\n\n## Cloud Run jobs and Windows\n\n"
    "Cloud Run jobs run Linux containers too; a Windows container image cannot run as a job.\n"
)


def copy_corpus(target: Path) -> Path:
    """The repo corpus under a folder also named `corpus`, so chunk ids stay the same."""
    corpus = target / "corpus"
    shutil.copytree(REPO_CORPUS, corpus)
    return corpus


def edit_corpus(corpus: Path) -> None:
    """Version B of the corpus: one section added to a note (one chunk more, none removed)."""
    note = corpus / EDITED_NOTE
    note.write_text(note.read_text(encoding="utf-8") + ADDED_SECTION, encoding="utf-8")


def restore_corpus(corpus: Path) -> None:
    shutil.copyfile(REPO_CORPUS / EDITED_NOTE, corpus / EDITED_NOTE)


def run_ingest(settings: Settings, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BERTH, "ingest"],
        env=berth_env(settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ingest_killed_at(settings: Settings, marker: str, timeout: float = 600) -> list[str]:
    """Run `berth ingest`, SIGKILL it on the first phase starting with `marker`. The phases it
    announced, in order; raises if it ended before the marker."""
    proc = subprocess.Popen(
        [BERTH, "ingest", "--progress"],
        env=berth_env(settings),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    phases: list[str] = []
    said: list[str] = []
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if not line.startswith(MARKER):
                said.append(line.rstrip())
            if line.startswith(MARKER):
                phases.append(line[len(MARKER) :].strip())
                if phases[-1].startswith(marker):
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(timeout)
                    return phases
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout)
    raise AssertionError(
        f"ingest ended (rc {proc.returncode}) before {marker!r}: {phases}; it said: {said[-5:]}"
    )


def served(settings: Settings, embeddings: Any) -> Any:
    """What a fresh `ask` would serve: the answers (text, verdict, citations) to QUESTIONS and
    the generation they came from, or NOT_BUILT."""
    from assistant.pipeline.assistant import Assistant

    try:
        assistant = Assistant.from_settings(settings, embeddings=embeddings)
    except IndexNotBuilt:
        return NOT_BUILT
    try:
        return tuple(signature(assistant.ask(q)) for q in QUESTIONS)
    finally:
        assistant.close()


def signature(answer: Any) -> tuple[Any, ...]:
    return (
        answer.answer,
        answer.verdict.status if answer.verdict else None,
        tuple((c.source, c.section, c.snippet) for c in answer.citations),
    )
