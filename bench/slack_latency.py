"""What the Slack bot adds to an answer: from a signed event reaching the API to the answer's
chat.postMessage reaching Slack (here: the loopback stub), minus the Assistant's own
`timings_ms.total`. Real uvicorn, real API app, real Assistant on the index `berth ingest` built.

Run: `.venv/bin/python bench/slack_latency.py [ROUNDS]` (prints one table; writes only a temp
state file).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "support"))

from assistant_latency import QUESTIONS  # noqa: E402
from loopback import running  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from slack_stub import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, SlackSender, slack_stub  # noqa: E402

from api.app import create_app  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.ingest.embeddings import enforce_offline  # noqa: E402
from assistant.pipeline.assistant import Assistant  # noqa: E402
from assistant.state.slack import SLACK_OWNER  # noqa: E402


def main(rounds: int) -> None:
    enforce_offline()
    with tempfile.TemporaryDirectory() as tmp, slack_stub() as stub:
        settings = Settings(_env_file=None).model_copy(  # type: ignore[call-arg]
            update={
                "state_db": Path(tmp) / "state.sqlite3",
                "slack_bot_token": SecretStr(BOT_TOKEN),
                "slack_signing_secret": SecretStr(SIGNING_SECRET),
                "slack_api_url": stub.api_url,
                "slack_user_burst": 10_000,
                "slack_channel_burst": 10_000,
                "slack_working_after_seconds": 60.0,
                "embedding_threads": 1,
            }
        )
        assistant = Assistant.from_settings(settings)
        added, totals = [], []
        with running(create_app(settings, assistant)) as base:
            slack = SlackSender(base, SIGNING_SECRET)
            for n in range(rounds * len(QUESTIONS) + 1):
                question = QUESTIONS[n % len(QUESTIONS)]
                channel = f"CBENCH{n:05d}"
                ts = slack.message_ts()
                event = {
                    "type": "app_mention",
                    "user": "UBENCH",
                    "ts": ts,
                    "channel": channel,
                    "text": f"<@{BOT_USER_ID}> {question}",
                }
                started = time.perf_counter()
                slack.event(event)
                (call,) = stub.wait_for(
                    lambda c, ch=channel: (
                        c.method == "chat.postMessage" and c.params.get("channel") == ch
                    )
                )
                wall = (time.perf_counter() - started) * 1000
                answer_id = next(b for b in call.blocks if b["type"] == "actions")["elements"][0][
                    "value"
                ]
                answer = assistant.conversations.get_answer(answer_id, SLACK_OWNER)
                if n == 0:
                    continue  # the first request pays for auth.test and warm-up
                totals.append(answer.timings_ms["total"])
                added.append(wall - answer.timings_ms["total"])
        assistant.close()
    q = statistics.quantiles(added, n=20)
    print(
        f"{len(added)} Slack mentions, sequential, real Assistant + uvicorn + loopback Web API stub"
    )
    print(f"answer (timings_ms.total)   p50 {statistics.median(totals):7.1f} ms")
    print(
        f"bot adds (wall - answer)    p50 {statistics.median(added):7.1f} ms"
        f"   p95 {q[18]:7.1f} ms   max {max(added):7.1f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
