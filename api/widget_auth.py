"""Widget keys: what a help portal's embedded widget may do, from which origins, how often.

A widget key sits in the portal's HTML, so it is public; what keeps it useful only to that portal
is the origin binding (the browser sends `Origin` and CORS answers only the key's origins), the
short list of routes it opens (ask, stream, feedback) and its own token bucket. A portal backend
may also sign a short-lived user token (HMAC-SHA256 with BERTH_WIDGET_TOKEN_SECRET) so limits and
logs know the user; a bad or expired token is a 401.

`WidgetMiddleware` runs before `GuardMiddleware`: it answers widget preflights, checks widget
requests, and marks the scope with the widget principal so the guard skips the API-key check
and the API's own rate limit for them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from api.rate_limits import Limiter, Limiters, RateLimitUnavailable
from api.security import retry_after_header
from assistant.config import Settings, WidgetKey

WIDGET_PRINCIPAL_KEY = "berth.widget_principal"
KEY_HEADER = "x-berth-widget-key"
TOKEN_HEADER = "x-berth-user-token"
WIDGET_PATHS = frozenset({"/v1/ask", "/v1/ask/stream", "/v1/feedback"})
_ALLOW_HEADERS = "Content-Type, X-Berth-Widget-Key, X-Berth-User-Token, X-Request-ID"
_EXPOSE_HEADERS = "X-Request-ID, Retry-After"


class WidgetRefused(Exception):
    def __init__(self, status: int, code: str, message: str, cors: bool = True) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        # False when the origin is not the key's: the browser must not let that page read it.
        self.cors = cors
        self.headers: dict[str, str] = {}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_user_token(
    secret: str, user: str, ttl_seconds: int = 600, now: float | None = None
) -> str:
    """What a portal backend does (any language): base64url(JSON {sub, exp}) "." base64url(HMAC)."""
    expires = int((time.time() if now is None else now) + ttl_seconds)
    payload = _b64(json.dumps({"sub": user, "exp": expires}, separators=(",", ":")).encode())
    mac = hmac.new(secret.encode(), payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def verify_user_token(secret: str, token: str, max_ttl: float, now: float) -> str:
    """The user id in a valid token; WidgetRefused(401) for a bad, expired or too-long one."""
    payload, _, signature = token.partition(".")
    expected = hmac.new(secret.encode(), payload.encode("ascii", "replace"), hashlib.sha256)
    try:
        valid = hmac.compare_digest(expected.digest(), _unb64(signature))
        claims = json.loads(_unb64(payload)) if valid else None
    except (binascii.Error, ValueError):
        valid, claims = False, None
    if not valid or not isinstance(claims, dict):
        raise WidgetRefused(401, "invalid_user_token", "the user token is not valid")
    user, expires = claims.get("sub"), claims.get("exp")
    if not isinstance(user, str) or not user or not isinstance(expires, int | float):
        raise WidgetRefused(401, "invalid_user_token", "the user token needs 'sub' and 'exp'")
    if expires <= now:
        raise WidgetRefused(401, "expired_user_token", "the user token has expired; sign a new one")
    if expires - now > max_ttl:
        raise WidgetRefused(401, "invalid_user_token", "the user token lives longer than allowed")
    return user[:200]


@dataclass
class _Key:
    config: WidgetKey
    digest: bytes
    label: str
    limiter: Limiter


class WidgetGate:
    """The decision for one request, kept apart from ASGI plumbing so it reads as the policy."""

    def __init__(
        self,
        settings: Settings,
        limiters: Limiters | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        limiters = limiters or Limiters(settings)
        self._keys = []
        for k in settings.widget_keys:
            label = "widget:" + (k.name or hashlib.sha256(k.key.encode()).hexdigest()[:8])
            self._keys.append(
                _Key(
                    config=k,
                    digest=hashlib.sha256(k.key.encode()).digest(),
                    label=label,
                    limiter=limiters.make(label, k.rate_per_minute, k.burst),
                )
            )
        self._origins = frozenset(o for k in settings.widget_keys for o in k.origins)
        secret = settings.widget_token_secret
        self._secret = secret.get_secret_value() if secret else None
        self._required = settings.widget_token_required
        self._max_ttl = settings.widget_token_max_ttl_seconds
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def origin_known(self, origin: str) -> bool:
        return origin.lower() in self._origins

    async def admit(
        self, key: str, origin: str | None, path: str, method: str, token: str | None
    ) -> str:
        """The principal for a widget request, or raises WidgetRefused."""
        digest = hashlib.sha256(key.encode()).digest()
        found: _Key | None = None
        for candidate in self._keys:  # no early exit: timing does not tell which key matched
            if hmac.compare_digest(candidate.digest, digest):
                found = candidate
        if found is None:
            raise WidgetRefused(401, "invalid_widget_key", "unknown widget key", cors=False)
        if not origin or origin.lower() not in found.config.origins:
            raise WidgetRefused(
                403, "origin_not_allowed", "this widget key is not allowed from this origin", False
            )
        if method != "POST" or path not in WIDGET_PATHS:
            raise WidgetRefused(
                403, "widget_scope", "a widget key may only ask, stream and send feedback"
            )
        principal = found.label
        if token and self._secret:
            principal += ":user:" + verify_user_token(
                self._secret, token, self._max_ttl, self._clock()
            )
        elif self._required:
            raise WidgetRefused(401, "missing_user_token", "this portal must pass a user token")
        try:
            wait = await found.limiter.take(principal)
        except RateLimitUnavailable as down:
            refused = WidgetRefused(503, "rate_limit_unavailable", down.message)
            refused.headers["Retry-After"] = str(down.retry_after_seconds)
            raise refused from None
        if wait > 0:
            retry = retry_after_header(wait)
            refused = WidgetRefused(429, "rate_limited", f"rate limit exceeded; retry in {retry} s")
            refused.headers["Retry-After"] = retry
            raise refused
        return principal


class WidgetMiddleware:
    """Pure ASGI, so the answer stream passes through untouched."""

    def __init__(self, app: ASGIApp, settings: Settings, limiters: Limiters | None = None) -> None:
        self.app = app
        self.gate = WidgetGate(settings, limiters)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.gate.enabled:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        method: str = scope["method"]
        path: str = scope["path"]
        is_preflight = method == "OPTIONS" and "access-control-request-method" in headers
        if is_preflight and origin and path in WIDGET_PATHS and self.gate.origin_known(origin):
            await _preflight(origin)(scope, receive, send)
            return
        key = headers.get(KEY_HEADER)
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            principal = await self.gate.admit(key, origin, path, method, headers.get(TOKEN_HEADER))
        except WidgetRefused as refused:
            extra = dict(refused.headers)
            if refused.cors and origin:
                extra.update(_cors_headers(origin))
            await error_response(refused.status, refused.code, refused.message, extra)(
                scope, receive, send
            )
            return
        scope[WIDGET_PRINCIPAL_KEY] = principal
        assert origin is not None  # admit() refuses a request without one

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in _cors_headers(origin).items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _cors_headers(origin: str) -> dict[str, str]:
    # No credentials: the widget sends its key and token as headers, never cookies.
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": _EXPOSE_HEADERS,
        "Vary": "Origin",
    }


def _preflight(origin: str) -> Response:
    headers = {
        **_cors_headers(origin),
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": _ALLOW_HEADERS,
        "Access-Control-Max-Age": "600",
    }
    return Response(status_code=204, headers=headers)
