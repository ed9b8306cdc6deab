"""Browser fixtures: the real app and Assistant under uvicorn on loopback, a portal page server on
another loopback port (a different origin, as a real portal is), and headless Chromium from the
distribution driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from loopback import running as _uvicorn
from widget_pages import BUNDLE, CHROMIUM, WIDGET_KEY, Berth

from api.app import create_app
from assistant.config import Settings


@dataclass
class Portal:
    """Serves the pages a test registers, each with its own headers (e.g. a CSP)."""

    base: str = ""
    pages: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def page(self, path: str, html: str, headers: dict[str, str] | None = None) -> str:
        self.pages[path] = (html, headers or {})
        return self.base + path


def _portal_handler(portal: Portal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            html, headers = portal.pages.get(self.path.split("?")[0], ("not found", {}))
            body = html.encode()
            self.send_response(200 if self.path.split("?")[0] in portal.pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def portal() -> Iterator[Portal]:
    portal = Portal()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _portal_handler(portal))
    portal.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield portal
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def berth(assistant: Any, built_index_settings: Settings, portal: Portal) -> Iterator[Berth]:
    """`berth serve` as it runs: real uvicorn, the real app, the real Assistant on the test index."""
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: run 'make install' (npm ci and the widget build)")
    settings = built_index_settings.model_copy(
        update={
            "widget_bundle": BUNDLE,
            "rate_limit_burst": 1000,
            "widget_keys": Settings.model_validate(
                {
                    "widget_keys": [
                        {
                            "key": WIDGET_KEY,
                            "origins": [portal.base],
                            "rate_per_minute": 6000,
                            "burst": 1000,
                            "name": "test-portal",
                        }
                    ]
                }
            ).widget_keys,
        }
    )
    app = create_app(settings, assistant)
    with _uvicorn(app) as base:
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
        yield Berth(base=base, services=app.state.services)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which("fc-list") is None:
        pytest.fail(
            "headless Chromium is missing: `make test` installs it "
            "(apt-get install -y chromium fonts-nanum)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        yield browser
        browser.close()
