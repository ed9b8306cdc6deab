"""Record what Berth answers for a fixed question set, to prove a refactor changed nothing.

The set: every gold item (each in a fresh conversation, all its turns), every full table-driven
eval item and the benchmark questions. For each: the structured query the extractor read from the
last turn alone, and the Answer without ids and timings. The date is pinned, so retirements judged
against "today" do not move the snapshot.

Regenerate (only when an answer is meant to change, and say why in the commit):
    .venv/bin/python tests/support/answer_snapshot.py --update
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "tests" / "snapshots" / "answers.json"
PINNED_TODAY = date(2026, 12, 2)

BENCH_QUESTIONS = [
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
]


def conversations(corpus_dir: Path) -> dict[str, list[str]]:
    """Item id -> the turns to ask, in order."""
    from eval.gold import load_gold
    from eval.tables import table_items

    items: dict[str, list[str]] = {}
    for item in load_gold().items:
        items[f"gold/{item.id}"] = item.conversation
    for item in table_items(True, corpus_dir / "compat", corpus_dir / "notes"):
        items[f"table/{item.id}"] = item.conversation
    for n, question in enumerate(BENCH_QUESTIONS):
        items[f"bench/{n:02d}"] = [question]
    return items


def record(assistant: Any, turns: list[str]) -> dict[str, Any]:
    conversation_id = None
    answers = []
    for turn in turns:
        answer = assistant.ask(turn, conversation_id=conversation_id)
        conversation_id = answer.conversation_id
        answers.append(answer.model_dump(exclude={"id", "conversation_id", "timings_ms"}))
    query = assistant.compat.understand(turns[-1])
    return {"query": query.model_dump(), "answers": answers}


def collect(assistant: Any, corpus_dir: Path) -> dict[str, Any]:
    return {key: record(assistant, turns) for key, turns in conversations(corpus_dir).items()}


def build_assistant(root: Path) -> Any:
    from berth_testing import make_settings

    from assistant.compat import CompatEngine
    from assistant.config import PACKAGED_MODEL
    from assistant.ingest.embeddings import load_embeddings
    from assistant.ingest.index import ingest
    from assistant.pipeline.assistant import Assistant
    from assistant.search.glossary import Glossary
    from assistant.search.retrieval import SearchIndex
    from assistant.state.conversations import ConversationStore

    embeddings = load_embeddings(PACKAGED_MODEL)
    settings = make_settings(root)
    ingest(settings, lambda: embeddings)
    return Assistant(
        settings,
        embeddings=embeddings,
        index=SearchIndex.load(settings, embeddings),
        compat=CompatEngine.load(settings.compat_dir, PINNED_TODAY),
        glossary=Glossary.for_corpus(settings.corpus_dir),
        conversations=ConversationStore(settings.state_db, settings.conversation_ttl_seconds),
    )


def main(argv: list[str]) -> int:
    import tempfile

    from assistant.ingest.embeddings import enforce_offline

    enforce_offline()
    with tempfile.TemporaryDirectory() as tmp:
        assistant = build_assistant(Path(tmp))
        snapshot = collect(assistant, REPO / "corpus")
        assistant.close()
    if "--update" in argv:
        SNAPSHOT.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True))
        print(f"wrote {len(snapshot)} items to {SNAPSHOT.relative_to(REPO)}")
        return 0
    stored = json.loads(SNAPSHOT.read_text())
    changed = sorted(k for k in stored.keys() | snapshot.keys() if stored.get(k) != snapshot.get(k))
    print(f"{len(changed)} of {len(stored)} items changed", *changed[:50], sep="\n")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main(sys.argv[1:]))
