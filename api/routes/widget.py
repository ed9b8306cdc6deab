"""GET /widget.js (the built help-portal widget, cacheable by content hash) and GET /widget/demo
(a page that embeds it, under the strict Content-Security-Policy the README asks portals for)."""

from __future__ import annotations

import base64
import hashlib
import html
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import HTMLResponse

from api.deps import ServicesDep
from api.errors import error_response

router = APIRouter(tags=["widget"])

# Unversioned URL (the one-line embed): short freshness, then revalidate with the ETag.
_CACHE_PLAIN = "public, max-age=300"
# `?v=<hash>` names one exact build, so it may be cached for good.
_CACHE_VERSIONED = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class _Built:
    body: bytes
    etag: str
    version: str
    mtime_ns: int


class _Bundle:
    """The bundle file, re-read only when it changes on disk (a rebuild while serving)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: dict[Path, _Built] = {}

    def load(self, path: Path) -> _Built | None:
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            return None
        with self._lock:
            built = self._cached.get(path)
            if built is None or built.mtime_ns != mtime:
                body = path.read_bytes()
                version = hashlib.sha256(body).hexdigest()[:16]
                built = _Built(body=body, etag=f'"{version}"', version=version, mtime_ns=mtime)
                self._cached[path] = built
            return built


_bundle = _Bundle()


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


def _missing(path: Path) -> Response:
    return error_response(
        503,
        "widget_not_built",
        f"the widget bundle {path} is missing: run 'make install' (npm ci and the widget build)",
    )


@router.get(
    "/widget.js",
    response_class=Response,
    responses={
        200: {"content": {"text/javascript": {}}, "description": "The widget bundle."},
        304: {"description": "Unchanged since the ETag sent in If-None-Match."},
        503: {"description": "Not built: run make install."},
    },
)
def widget_js(
    services: ServicesDep,
    v: str | None = Query(default=None, max_length=64, description="Build hash: cache for good"),
    if_none_match: str | None = Header(default=None),
) -> Response:
    path = services.settings.widget_bundle
    built = _bundle.load(path)
    if built is None:
        return _missing(path)
    headers = {
        "ETag": built.etag,
        "Cache-Control": _CACHE_VERSIONED if v == built.version else _CACHE_PLAIN,
        # Loadable from portals that set Cross-Origin-Embedder-Policy.
        "Cross-Origin-Resource-Policy": "cross-origin",
        "X-Content-Type-Options": "nosniff",
    }
    if _matches(if_none_match, built.etag):
        return Response(status_code=304, headers=headers)
    return Response(built.body, media_type="text/javascript; charset=utf-8", headers=headers)


_DEMO_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f5f7fa; }
header { background: #243b55; color: #fff; padding: 16px 24px; }
main { max-width: 720px; margin: 0 auto; padding: 24px; }
#help-inline { margin-top: 24px; height: 560px; }
@media (prefers-color-scheme: dark) { body { background: #11161d; color: #e6e9ee; } }
"""
_DEMO_CSS_HASH = base64.b64encode(hashlib.sha256(_DEMO_CSS.encode()).digest()).decode()

_TEXT = {
    "en": {
        "title": "Platform help portal (Berth widget demo)",
        "lead": "This page embeds Berth with one script tag, under a strict "
        "Content-Security-Policy. Use the “Ask Berth” button at the bottom right, or:",
        "button": "Ask about containers",
        "inline": "Inline mode",
        "launcher": "Launcher mode",
    },
    "ko": {
        "title": "플랫폼 도움말 포털 (Berth 위젯 데모)",
        "lead": "이 페이지는 엄격한 Content-Security-Policy 아래에서 스크립트 태그 하나로 Berth를 "
        "넣었습니다. 오른쪽 아래의 “Berth에게 묻기” 버튼을 쓰거나:",
        "button": "컨테이너에 대해 묻기",
        "inline": "인라인 모드",
        "launcher": "런처 모드",
    },
}


@router.get("/widget/demo", response_class=HTMLResponse)
def widget_demo(
    services: ServicesDep,
    lang: Literal["en", "ko"] = "en",
    mode: Literal["launcher", "inline"] = "launcher",
) -> Response:
    built = _bundle.load(services.settings.widget_bundle)
    if built is None:
        return _missing(services.settings.widget_bundle)
    text = {k: html.escape(v) for k, v in _TEXT[lang].items()}
    inline_attr = ' data-inline="#help-inline"' if mode == "inline" else ""
    other = "launcher" if mode == "inline" else "inline"
    page = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text["title"]}</title>
<style>{_DEMO_CSS}</style>
</head>
<body>
<header><h1>{text["title"]}</h1></header>
<main>
<p>{text["lead"]}</p>
<p><button type="button" id="portal-help">{text["button"]}</button></p>
<p><a href="?lang=en&amp;mode={mode}">English</a> · <a href="?lang=ko&amp;mode={mode}">한국어</a>
 · <a href="?lang={lang}&amp;mode={other}">{text[other]}</a></p>
<div id="help-inline"></div>
</main>
<script src="/widget.js?v={built.version}" data-open-selector="#portal-help"{inline_attr} defer>
</script>
</body>
</html>
"""
    csp = (
        "default-src 'self'; script-src 'self'; connect-src 'self'; "
        f"style-src 'self' 'sha256-{_DEMO_CSS_HASH}'; base-uri 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": csp})
