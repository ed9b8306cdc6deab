"""Issue-2 figures: full and no-op ingest, process start to first answer, warm query latency.

Run: `.venv/bin/python bench/assistant_latency.py` (prints one table; writes nothing in the repo).
Everything runs against a fresh index in a temporary folder, with the real model.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "support"))

from berth_testing import make_settings  # noqa: E402

from assistant.ingest.embeddings import enforce_offline, load_embeddings  # noqa: E402
from assistant.ingest.index import ingest  # noqa: E402
from assistant.pipeline.assistant import Assistant  # noqa: E402

QUESTIONS = [
    "Can I run my .NET Framework app on GKE?",
    "Can I deploy a Windows container to Cloud Run?",
    "Can a Windows Server 2022 host run an ltsc2019 image?",
    "Does EKS Fargate support Windows pods?",
    "Which base image should I use for IIS?",
    "What build number is Windows Server 2025?",
    "What does 0xc0370101 mean?",
    "Does AKS support Hyper-V isolation?",
    "Can Docker Desktop on Mac run Windows containers?",
    "How do I schedule Windows pods onto Windows nodes?",
    "GKE에서 .NET Framework 앱을 실행할 수 있나요?",
    "Cloud Run에 윈도우 컨테이너를 배포할 수 있나요?",
    "윈도우 서버 2022 호스트에서 ltsc2019 이미지를 실행할 수 있나요?",
    "나노 서버에 파워셸이 있나요?",
    "도커 데스크톱에서 리눅스와 윈도우 컨테이너를 동시에 쓸 수 있나요?",
    "What's the best pizza in Seoul?",
    "Is process isolation a security boundary?",
    "Can ECS on Fargate run Windows Server 2022 containers?",
    "Does Azure Container Apps run Windows containers?",
    "What is a manifest list?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    enforce_offline()
    root = Path(tempfile.mkdtemp(prefix="berth-bench-"))
    settings = make_settings(root)
    embeddings = load_embeddings(settings.embedding_model)

    full = ingest(settings, lambda: embeddings)
    noop = ingest(settings, lambda: embeddings)

    env = {
        **os.environ,
        "BERTH_INDEX_DIR": str(settings.index_dir),
        "BERTH_STATE_DB": str(settings.state_db),
        "BERTH_CORPUS_DIR": str(settings.corpus_dir),
    }
    started = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv/bin/berth"), "ask", QUESTIONS[0]],
        env=env,
        check=True,
        capture_output=True,
    )
    cold = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv/bin/berth"), "ingest"], env=env, check=True, capture_output=True
    )
    noop_cli = time.perf_counter() - started

    assistant = Assistant.from_settings(settings, embeddings=embeddings)
    for question in QUESTIONS:  # warm-up
        assistant.ask(question)
    latencies = []
    for i in range(100):
        started = time.perf_counter()
        assistant.ask(QUESTIONS[i % len(QUESTIONS)])
        latencies.append((time.perf_counter() - started) * 1000)
    assistant.close()

    rows = [
        ("full ingest", f"{full.seconds:.2f} s, {full.chunks} chunks from {full.files} files"),
        ("no-op re-ingest (in process)", f"{noop.seconds * 1000:.1f} ms, {noop.embedded} embedded"),
        ("no-op `berth ingest` (whole process)", f"{noop_cli:.2f} s"),
        ("process start to first answer (`berth ask`)", f"{cold:.2f} s"),
        (
            "warm ask p50 / p95 (100 questions)",
            f"{statistics.median(latencies):.1f} / {percentile(latencies, 0.95):.1f} ms",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
