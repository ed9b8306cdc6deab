"""The Chroma client: embedded (a folder next to the index) or a Chroma server, and what its
failures mean to callers.

A server is a real dependency of a replica: BERTH_CHROMA_URL may carry a path (a reverse proxy
at https://host/chroma keeps it), BERTH_CHROMA_TOKEN is sent in BERTH_CHROMA_AUTH_HEADER
("Authorization" sends "Bearer <token>", any other header the token as it is). A server that
cannot be reached, or refuses the token, is `VectorStoreUnavailable`: one line and exit 2 at
start, 503 + Retry-After (and /readyz 503) while serving. The HTTP client reconnects on its
own, so the replica recovers without a restart once the server is back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.errors import VectorStoreUnavailable

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


def chroma_headers(settings: Settings) -> dict[str, str]:
    if settings.chroma_token is None:
        return {}
    token = settings.chroma_token.get_secret_value()
    header = settings.chroma_auth_header
    return {header: f"Bearer {token}" if header.lower() == "authorization" else token}


def shown_url(settings: Settings) -> str:
    """The server's URL for messages: scheme, host, port and path, never credentials."""
    url = urlparse(settings.chroma_url or "")
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.hostname}{port}{url.path}"


@contextmanager
def chroma_errors(settings: Settings) -> Iterator[None]:
    """Turns 'the Chroma server is not there (or refuses us)' into VectorStoreUnavailable;
    any other error (a bug, bad input) propagates as it is."""
    import httpx

    where = f"the Chroma server at {shown_url(settings)}"
    try:
        yield
    except httpx.TransportError as exc:
        raise VectorStoreUnavailable(
            f"{where} cannot be reached ({type(exc).__name__}); retry shortly"
        ) from None
    except Exception as exc:
        # chromadb re-raises an HTTP error status as a bare Exception(body) whose context is
        # httpx's HTTPStatusError; at construction a failed first request is a ValueError.
        status = _http_status(exc)
        if status in (401, 403):
            raise VectorStoreUnavailable(
                f"{where} refused the credentials (HTTP {status}): check BERTH_CHROMA_TOKEN"
                " and BERTH_CHROMA_AUTH_HEADER"
            ) from None
        if status is not None and status >= 500:
            raise VectorStoreUnavailable(f"{where} answered HTTP {status}; retry shortly") from None
        if isinstance(exc, ValueError) and "Could not connect" in str(exc):  # refused
            raise VectorStoreUnavailable(f"{where} cannot be reached; is it running?") from None
        raise


def _http_status(exc: BaseException) -> int | None:
    import httpx

    seen: BaseException | None = exc
    for _ in range(6):  # the chain is short: HTTPStatusError -> Exception -> ValueError
        if seen is None:
            return None
        if isinstance(seen, httpx.HTTPStatusError):
            return seen.response.status_code
        seen = seen.__cause__ or seen.__context__
    return None


def open_chroma(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from assistant.ingest.index import IndexLayout

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        with chroma_errors(settings):
            # The whole URL as host: chromadb then keeps its path (/chroma/api/v2/...) and port.
            return chromadb.HttpClient(
                host=settings.chroma_url.rstrip("/"),
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                headers=chroma_headers(settings),
                settings=chroma_settings,
            )
    path = IndexLayout(settings.index_dir).chroma
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def check_chroma(settings: Settings) -> None:
    """Before anything slow at start: the configured Chroma server answers and accepts us."""
    if settings.chroma_url:
        with chroma_errors(settings):
            open_chroma(settings).heartbeat()
