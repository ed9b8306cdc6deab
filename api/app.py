"""The app factory: `create_app(settings)` builds one API with its own stores, metrics and pool."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import FastAPI, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from api.deps import Services
from api.errors import install_error_handlers
from api.metrics import Metrics
from api.middleware import GuardMiddleware, RequestContextMiddleware
from api.rate_limits import Limiters
from api.routes import ask, conversations, feedback, ops, widget
from api.security import ApiKeys
from api.widget_auth import WidgetMiddleware
from api.work import Runner
from assistant.config import Settings
from assistant.service import AnswerService
from assistant.state.conversations import ConversationStore
from assistant.state.db import open_state
from assistant.state.feedback import FeedbackStore

if TYPE_CHECKING:
    from assistant.service import AnswerService
    from slack_bot.app import SlackBot

logger = logging.getLogger("berth.api")

# Expired conversations are deleted this often (and once at start).
PURGE_EVERY_SECONDS = 600.0


def create_app(settings: Settings, assistant: AnswerService | None = None) -> FastAPI:
    """Without `assistant`, the lifespan builds the pipeline's `Assistant` once at start."""
    # One database (engine and pool) for the app's stores and the assistant it builds.
    db = open_state(settings)
    conversation_store = ConversationStore(
        db, settings.conversation_ttl_seconds, max_turns=settings.conversation_max_turns
    )
    metrics = Metrics()
    limiters = Limiters(settings, on_error=metrics.rate_limit_store_errors.inc)
    services = Services(
        settings=settings,
        conversations=conversation_store,
        feedback=FeedbackStore(db, conversation_store),
        metrics=metrics,
        runner=Runner(settings.api_workers),
        keys=ApiKeys(settings.api_keys),
        limiter=limiters.make("api", settings.rate_limit_per_minute, settings.rate_limit_burst),
        assistant=assistant,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if services.assistant is None:
            services.assistant = await run_in_threadpool(
                _build_assistant, settings, services.conversations
            )
        purger = asyncio.create_task(_purge_periodically(services.conversations))
        try:
            yield
        finally:
            purger.cancel()
            services.runner.shutdown()
            await limiters.aclose()
            # Connections go; the engine opens new ones if the lifespan runs again.
            db.engine.dispose()
            if slack is not None:
                slack.close()

    app = FastAPI(
        title="Berth",
        version="1.0.0",
        summary="Answers container-platform questions with a verdict from compatibility tables.",
        lifespan=lifespan,
        # Starlette's trailing-slash redirect builds an absolute URL from the Host header
        # (`Location: http://evil.example/v1/ask`); off, "/v1/ask/" is a plain 404.
        redirect_slashes=False,
    )
    app.state.services = services
    install_error_handlers(app)

    # With keys configured, the OpenAPI document says so (the check itself is GuardMiddleware's,
    # which runs before the body is even read).
    bearer = HTTPBearer(auto_error=False, description="An API key from BERTH_API_KEYS")
    api_dependencies = [Security(bearer)] if services.keys.enabled else []
    for module in (ask, conversations, feedback):
        app.include_router(module.router, dependencies=api_dependencies)
    app.include_router(ops.router)
    app.include_router(widget.router)
    slack = _mount_slack(app, settings, services)

    # add_middleware wraps what is there: the last added runs first.
    app.add_middleware(GuardMiddleware, services=services)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            # Browsers refuse `*` with credentials; never send both.
            allow_credentials="*" not in settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    # Before the guard: widget keys.
    app.add_middleware(WidgetMiddleware, settings=settings, limiters=limiters)
    # Before any key check: a request for a host we do not serve gets 400, whatever it carries.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts or ["*"])
    app.add_middleware(RequestContextMiddleware, services=services, router=app.router)
    return app


def _mount_slack(app: FastAPI, settings: Settings, services: Services) -> SlackBot | None:
    """/slack/* (signed by Slack, so outside the API keys) when the Slack settings are set."""
    if not settings.slack_http_configured:
        return None
    from slack_bot.http import mount  # slack-bolt is imported only when Slack is configured

    return mount(app, settings, lambda: services.assistant)


def _build_assistant(settings: Settings, conversations: ConversationStore) -> AnswerService:
    # Imported here: the chain pulls in the model stack, which tests of API mechanics never need.
    from assistant.pipeline.reloading import ReloadingAssistant

    logger.info("loading model and index")
    return ReloadingAssistant.from_settings(settings, conversations)


async def _purge_periodically(store: ConversationStore) -> None:
    while True:
        try:
            purged = await run_in_threadpool(store.purge_expired)
            if purged:
                logger.info("purged expired conversations", extra={"purged": purged})
        except Exception:  # a locked or busy file must not end the loop
            logger.exception("purging expired conversations failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)
