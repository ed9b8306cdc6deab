"""Every error leaves the API as `{"error": {"code", "message"}}` with a 4xx (or 5xx) status.

Bad input never produces a 500 or a stack trace: BerthError carries its own status, validation
errors become 422 with a readable summary, and anything unexpected becomes a bare 500 body whose
details go to the server log only (see middleware.RequestContextMiddleware).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import BerthError


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class RequestTimeout(BerthError):
    code = "timeout"
    http_status = 504


class InsecureBind(BerthError):
    """Raised by `serve` before listening: no API keys and a host other than loopback."""

    code = "insecure_bind"
    http_status = 500


class StartupCheckFailed(BerthError):
    """Raised by `serve` before loading anything: busy port, unusable state file."""

    code = "startup_check_failed"
    http_status = 500


class NotReady(BerthError):
    code = "not_ready"
    http_status = 503


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


# What each status means here, for the OpenAPI document (and so for clients and the fuzzer).
_DESCRIPTIONS = {
    400: "The body could not be decoded (not UTF-8)",
    401: "Missing or invalid API key",
    404: "Unknown or expired id",
    413: "Body or question too long",
    422: "Malformed JSON, wrong types, unknown fields or an empty question",
    429: "Rate limit exceeded; see Retry-After",
    503: "Index or model not loaded, or the state database busy (see Retry-After)",
    504: "The answer took longer than the request timeout",
}


def error_responses(*statuses: int, by_ref: bool = False) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route. Listing 422 also replaces FastAPI's default validation schema.

    FastAPI documents a `model` under the route's own media type; a route whose success is not
    JSON (the event stream) passes by_ref=True so its errors are documented as the JSON they are.
    """
    if by_ref:
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        return {s: {"description": _DESCRIPTIONS[s], "content": content} for s in statuses}
    return {s: {"model": ErrorBody, "description": _DESCRIPTIONS[s]} for s in statuses}


_HTTP_CODES = {
    400: "invalid_body",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}


def _summarise(exc: RequestValidationError) -> tuple[str, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (detail.get("ctx") or {}).get("error", "cannot parse")
        return "invalid_json", f"request body is not valid JSON: {reason}"
    parts = []
    for e in errors[:5]:
        # ("body", "question") -> "question"; the input value is never echoed back.
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {e.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "invalid_request", "; ".join(parts) + more


def _unreadable_body(cause: BaseException | None) -> str:
    if isinstance(cause, RecursionError):
        return "request body could not be read: JSON nested too deeply"
    if isinstance(cause, ValueError) and "integer string conversion" in str(cause):
        return "request body could not be read: a JSON number has too many digits"
    return "request body could not be read: send UTF-8 encoded JSON"


def install_error_handlers(app: FastAPI) -> None:
    async def on_berth_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BerthError)
        retry = exc.retry_after_seconds
        headers = {"Retry-After": str(retry)} if retry is not None else None
        return error_response(exc.http_status, exc.code, exc.message, headers=headers)

    async def on_validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        code, message = _summarise(exc)
        return error_response(422, code, message)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path}"
        elif exc.status_code == 400 and message == "There was an error parsing the body":
            # FastAPI's words for any body it could not decode; say which problem it was.
            message = _unreadable_body(exc.__cause__)
        return error_response(exc.status_code, code, message, headers=exc.headers)

    app.add_exception_handler(BerthError, on_berth_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
