"""Pure ASGI middleware: request context (id, metrics, access log, last-resort 500) and the
guard in front of the routes (API keys, rate limit, body size).

Pure ASGI rather than BaseHTTPMiddleware so that streaming responses pass through untouched and
a client disconnect still reaches the streaming route.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import OWNER_KEY, Services
from api.errors import error_response
from api.logs import request_id_var
from api.rate_limits import RateLimitUnavailable
from api.security import bearer_token, retry_after_header
from api.widget_auth import WIDGET_PRINCIPAL_KEY

logger = logging.getLogger("berth.api")

PRINCIPAL_KEY = "berth.principal"
REQUEST_ID_KEY = "berth.request_id"
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestContextMiddleware:
    """Outermost: gives every request an id (echoed in X-Request-ID), counts and times it,
    writes one JSON access-log line, and turns an unexpected exception into a bare 500 body."""

    def __init__(self, app: ASGIApp, services: Services, router: Router) -> None:
        self.app = app
        self.services = services
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = Headers(scope=scope).get("x-request-id", "")
        # A caller's id is kept if it is short and plain, so it can be grepped across services.
        request_id = offered if _CLIENT_REQUEST_ID.match(offered) else uuid.uuid4().hex
        scope[REQUEST_ID_KEY] = request_id
        token = request_id_var.set(request_id)
        metrics = self.services.metrics
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Details go to the log only; the client gets the request id to quote.
            logger.exception("unhandled error")
            status = 500
            if not response_started:
                response = error_response(
                    500, "internal_error", f"internal error; quote request id {request_id}"
                )
                await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = self._route_label(scope)
            method = scope["method"]
            metrics.in_flight.dec()
            metrics.requests.labels(route=route, method=method, status=str(status)).inc()
            metrics.latency.labels(route=route, method=method).observe(elapsed)
            logger.info(
                "request",
                extra={
                    "method": method,
                    # The template, not the raw path: conversation ids are bearer-like
                    # secrets of their owner and must not sit in logs anyone can read.
                    "path": route,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": _client_host(scope),
                    "principal": scope.get(PRINCIPAL_KEY, "-"),
                },
            )
            request_id_var.reset(token)

    def _route_label(self, scope: Scope) -> str:
        # The route template, never the raw path: ids in paths would explode label cardinality.
        # Requests refused before routing (401, 429, 413) are matched here, so they are
        # labelled with their route too rather than "unmatched".
        route = scope.get("route")
        path = getattr(route, "path", None)
        if not isinstance(path, str):
            path = _template(self.router.routes, scope)
        return path if isinstance(path, str) else "unmatched"


def _template(routes: Any, scope: Scope) -> str | None:
    for candidate in routes:
        # FastAPI wraps an included router in a route of its own; look inside it.
        inner = getattr(candidate, "original_router", None)
        if inner is not None:
            found = _template(inner.routes, scope)
            if found is not None:
                return found
            continue
        path = getattr(candidate, "path", None)
        if isinstance(path, str):
            match, _ = candidate.matches(scope)
            if match != Match.NONE:
                return path
    return None


class GuardMiddleware:
    """In front of the routes: API keys for /v1 and /metrics, a token bucket per key (per client
    IP when auth is off) for /v1, and the body-size limit for everything."""

    def __init__(self, app: ASGIApp, services: Services) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        services = self.services
        path: str = scope["path"]
        headers = Headers(scope=scope)
        is_api = path.startswith("/v1/")

        # Rate limits with auth off go by client IP; ownership never does (see deps.owner_of).
        principal = "ip:" + _client_host(scope)
        # Admitted by WidgetMiddleware: its own key check and rate limit already ran.
        widget = scope.get(WIDGET_PRINCIPAL_KEY)
        if widget:
            principal = widget
            scope[OWNER_KEY] = widget
        elif services.keys.enabled and (is_api or path == "/metrics"):
            presented = bearer_token(headers.get("authorization"))
            key_id = services.keys.identify(presented) if presented else None
            if key_id is None:
                services.metrics.auth_failures.inc()
                message = (
                    "invalid API key"
                    if presented
                    else "missing API key: send the header 'Authorization: Bearer <key>'"
                )
                await error_response(
                    401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"}
                )(scope, receive, send)
                return
            principal = key_id
            scope[OWNER_KEY] = key_id
        scope[PRINCIPAL_KEY] = principal

        if is_api and not widget:
            try:
                wait = await services.limiter.take(principal)
            except RateLimitUnavailable as down:
                retry = str(down.retry_after_seconds)
                await error_response(
                    503, "rate_limit_unavailable", down.message, headers={"Retry-After": retry}
                )(scope, receive, send)
                return
            if wait > 0:
                services.metrics.rate_limited.inc()
                retry = retry_after_header(wait)
                await error_response(
                    429,
                    "rate_limited",
                    f"rate limit exceeded; retry in {retry} s",
                    headers={"Retry-After": retry},
                )(scope, receive, send)
                return

        limit = services.settings.max_body_bytes
        if path.startswith("/slack/"):
            # Slack's button clicks carry the whole message they came from, URL-encoded.
            limit = services.settings.slack_max_body_bytes
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await error_response(413, "body_too_large", _too_large(limit))(scope, receive, send)
            return
        await self.app(scope, _limited_receive(receive, limit), send)


def _limited_receive(receive: Receive, limit: int) -> Receive:
    """For bodies without Content-Length (chunked): count as they arrive and stop at the limit."""
    received = 0

    async def wrapped() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                # FastAPI re-raises an HTTPException met while reading the body, so this reaches
                # the error handler as a 413 rather than a generic "error parsing the body".
                raise HTTPException(413, _too_large(limit))
        return message

    return wrapped


def _too_large(limit: int) -> str:
    return f"request body is larger than the {limit}-byte limit"


def _client_host(scope: Scope) -> str:
    client: Any = scope.get("client")
    return str(client[0]) if client else "unknown"
