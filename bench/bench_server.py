"""Berth's real API plus POST /bench/floor and /bench/naive behind the same middleware stack.

Started by bench/side_by_side.py as a child process: `python bench/bench_server.py PORT
BASELINE_DIR` with the BERTH_* variables of the index to serve. Not a product surface.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from targets import build_targets  # noqa: E402


def main(port: int, baseline_dir: Path) -> None:
    import uvicorn
    from fastapi import Body

    from api.app import create_app
    from assistant.config import Settings
    from assistant.ingest.embeddings import enforce_offline

    enforce_offline()
    settings = Settings(embedding_threads=1)  # as `berth serve` sets it
    targets = build_targets(settings, baseline_dir)
    app = create_app(settings)  # builds its own Assistant in the lifespan, as in production

    @app.post("/bench/floor")
    def floor(question: str = Body(embed=True)) -> dict[str, bool]:
        targets["floor"](question)
        return {"ok": True}

    @app.post("/bench/naive")
    def naive(question: str = Body(embed=True)) -> dict[str, bool]:
        targets["naive"](question)
        return {"ok": True}

    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
