"""Operations: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import ServicesDep
from api.errors import NotReady, error_responses
from api.schemas import Health, Ready
from assistant.errors import BerthError

router = APIRouter(tags=["ops"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up and serving (says nothing about the index)."""
    return Health()


@router.get("/readyz", response_model=Ready, responses=error_responses(503))
async def readyz(services: ServicesDep) -> Ready:
    """Model and index are loaded; reports the corpus version being served."""
    if services.assistant is None:
        raise NotReady("the model and index are not loaded yet")
    try:
        status = await run_in_threadpool(services.assistant.status)
    except BerthError as exc:
        raise NotReady(exc.message) from exc
    return Ready(assistant=status)


@router.get("/metrics", include_in_schema=False)
def metrics(services: ServicesDep) -> Response:
    return Response(services.metrics.render(), media_type=CONTENT_TYPE_LATEST)
