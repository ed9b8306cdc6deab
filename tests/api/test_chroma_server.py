"""Issue 15: a Chroma server as a real dependency (`chroma run` from the venv, on loopback).

Berth reaches it through a reverse proxy at /chroma that wants a token header (the path and the
header are kept), builds and serves an index on it, answers 503 (and /readyz 503) while it is
gone and recovers without a restart; `berth serve` with the server down says so in one line and
exits 2, and the Chroma client's HTTP request logs stay out of Berth's JSON log.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from berth_testing import REPO_CORPUS, berth_env, make_settings
from langchain_core.embeddings import Embeddings
from loopback import running
from pydantic import SecretStr
from servers import ChromaServer, free_port
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from api.app import create_app
from assistant.config import Settings
from assistant.errors import VectorStoreUnavailable
from assistant.ingest.chroma import open_chroma
from assistant.ingest.index import ingest
from assistant.pipeline.assistant import Assistant

pytestmark = pytest.mark.integration

TOKEN = "chroma-proxy-token"
QUESTION = {"question": "Can I run my .NET Framework app on GKE?"}


@dataclass
class Proxy:
    """A reverse proxy at /chroma in front of the server, as nginx would be: it strips the
    prefix, wants X-Chroma-Token, and answers 502 when the server is gone."""

    upstream: str
    seen: list[str] = field(default_factory=list)

    def app(self) -> Starlette:
        async def forward(request: Request) -> Response:
            if request.headers.get("x-chroma-token") != TOKEN:
                return PlainTextResponse("missing or wrong token", status_code=401)
            path = request.url.path.removeprefix("/chroma")
            self.seen.append(path)
            try:
                async with httpx.AsyncClient(base_url=self.upstream, timeout=30) as client:
                    answer = await client.request(
                        request.method,
                        path,
                        params=request.query_params,
                        content=await request.body(),
                        headers={"content-type": request.headers.get("content-type", "")},
                    )
            except httpx.TransportError:
                return PlainTextResponse("bad gateway", status_code=502)
            kind = answer.headers.get("content-type", "application/json")
            return Response(answer.content, answer.status_code, media_type=kind)

        async def healthz(_: Request) -> Response:  # what loopback.running waits for
            return PlainTextResponse("ok")

        methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        return Starlette(
            routes=[
                Route("/healthz", healthz),
                Route("/chroma/{path:path}", forward, methods=methods),
            ]
        )


@pytest.fixture
def proxied(chroma_server: ChromaServer, tmp_path: Path) -> Iterator[tuple[Settings, Proxy]]:
    proxy = Proxy(chroma_server.url)
    with running(proxy.app()) as base:
        settings = make_settings(
            tmp_path / "berth",
            chroma_url=f"{base}/chroma",
            chroma_token=TOKEN,
            chroma_auth_header="X-Chroma-Token",
        )
        yield settings, proxy


def test_an_index_on_a_server_behind_a_proxy_serves_goes_503_and_recovers(
    proxied: tuple[Settings, Proxy], chroma_server: ChromaServer, embeddings: Embeddings
) -> None:
    settings, proxy = proxied
    ingest(settings, lambda: embeddings)
    # Every request kept the proxy's path prefix (stripped by the proxy) and carried the token.
    assert proxy.seen and all(path.startswith("/api/v2/") for path in proxy.seen)
    assistant = Assistant.from_settings(settings, embeddings=embeddings)
    app = create_app(settings, assistant)
    with running(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        assert http.get("/readyz").status_code == 200
        answered = http.post("/v1/ask", json=QUESTION)
        assert answered.status_code == 200 and answered.json()["citations"]

        chroma_server.stop()
        ready = http.get("/readyz")
        assert ready.status_code == 503 and "Chroma server" in ready.json()["error"]["message"]
        for route in ("/v1/ask", "/v1/ask/stream"):
            down = http.post(route, json=QUESTION)
            assert down.status_code == 503, down.text
            assert down.headers["retry-after"] == "2"
            assert down.json()["error"]["code"] == "vector_store_unavailable"

        chroma_server.start()  # same port and data: the replica recovers without a restart
        assert http.get("/readyz").status_code == 200
        again = http.post("/v1/ask", json=QUESTION)
        assert again.status_code == 200
        assert again.json()["citations"] == answered.json()["citations"]
    assistant.close()


def test_a_wrong_or_missing_token_is_one_clear_error(proxied: tuple[Settings, Proxy]) -> None:
    settings, _ = proxied
    for token in (SecretStr("not-the-token"), None):
        with pytest.raises(VectorStoreUnavailable) as refused:
            open_chroma(settings.model_copy(update={"chroma_token": token}))
        assert "refused the credentials (HTTP 401)" in refused.value.message
        assert TOKEN not in refused.value.message


def _serve(settings: Settings, port: int) -> subprocess.Popen[str]:
    env = berth_env(
        settings,
        BERTH_CHROMA_URL=settings.chroma_url or "",
        BERTH_CHROMA_TOKEN=TOKEN,
        BERTH_CHROMA_AUTH_HEADER="X-Chroma-Token",
    )
    berth = str(Path(sys.executable).with_name("berth"))
    return subprocess.Popen(
        [berth, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_exits_2_while_the_server_is_down_and_logs_no_http_requests(
    proxied: tuple[Settings, Proxy], chroma_server: ChromaServer, embeddings: Embeddings
) -> None:
    settings, _ = proxied
    ingest(settings, lambda: embeddings)
    chroma_server.stop()
    down = _serve(settings, free_port())
    _, err = down.communicate(timeout=120)
    assert down.returncode == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("berth: error: the Chroma server at http://127.0.0.1:")
    assert "/chroma" in lines[0] and TOKEN not in lines[0]

    chroma_server.start()
    port = free_port()
    server = _serve(settings, port)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "berth serve exited"
            time.sleep(0.2)
        answered = httpx.post(f"{base}/v1/ask", json=QUESTION, timeout=60)
        assert answered.status_code == 200
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    records: list[dict[str, Any]] = [
        json.loads(line) for line in log.splitlines() if line.startswith("{")
    ]
    assert any(r.get("msg") == "request" and r.get("route") == "/v1/ask" for r in records)
    assert not any(r.get("logger", "").startswith(("httpx", "httpcore")) for r in records)
    assert "HTTP Request:" not in log


def test_ingest_against_an_emptied_or_reset_server_rebuilds(
    chroma_server: ChromaServer, tmp_path: Path, embeddings: Embeddings
) -> None:
    # A two-note corpus: each rebuild embeds everything, so keep it small.
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    for note in ("gke.md", "cloud-run.md"):
        shutil.copy(REPO_CORPUS / "notes" / note, corpus / "notes" / note)
    shutil.copy(REPO_CORPUS / "glossary.ko-en.yaml", corpus / "glossary.ko-en.yaml")
    settings = make_settings(tmp_path / "berth", corpus, chroma_url=chroma_server.url)
    first = ingest(settings, lambda: embeddings)
    assert not first.up_to_date and first.embedded == first.chunks
    assert ingest(settings, lambda: embeddings).up_to_date

    # The collection deleted on the server (someone cleaned up): rebuilt, not "up to date".
    open_chroma(settings).delete_collection(_current_collection(settings))
    rebuilt = ingest(settings, lambda: embeddings)
    assert not rebuilt.up_to_date and rebuilt.embedded == rebuilt.chunks

    # The server reset (a new, empty data dir): rebuilt too, and then up to date again.
    chroma_server.stop()
    shutil.rmtree(chroma_server.data)
    chroma_server.start()
    reset = ingest(settings, lambda: embeddings)
    assert not reset.up_to_date and reset.embedded == reset.chunks
    assert ingest(settings, lambda: embeddings).up_to_date


def _current_collection(settings: Settings) -> str:
    from assistant.ingest.index import IndexLayout, read_manifest

    return read_manifest(IndexLayout(settings.index_dir).pinned()).collection
