"""The application: `create_app(settings)` wires the engine, the kinds of question, the bank,
the store and the routes.

The lifespan builds any missing dataset (progress in the log), loads the bank and the packs
named in DRILL_PACKS, starts the query workers and migrates the store; shutdown stops them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from app.catalog.build import build_builtin
from app.clock import SystemClock
from app.feedback.llm.setup import model_feedback
from app.kinds.registry import KindRegistry
from app.practice.errors import ConcurrentRetry
from app.review.deck import build_deck
from app.review.feed import ReviewFeed
from app.sandbox.admission import TooManyQueries
from app.settings import Settings
from app.store import create_store, ensure_user
from app.web import (
    api_answers,
    api_assessments,
    api_cards,
    api_catalog,
    api_design,
    api_diagram,
    api_docs,
    api_drafts,
    api_health,
    api_model_feedback,
    api_practice,
    api_review,
    api_rounds,
    api_sql,
    api_stories,
    behavioral_page,
    errors,
    fair_use,
    pages,
    pages_review,
    pages_rounds,
)
from app.web.body import RequestBody
from app.web.observability import Metrics, RequestContext, configure_logging
from app.web.schemas import Problem
from app.web.templating import STATIC_DIR
from app.workspace import Workspace

log = logging.getLogger("drill.app")


def create_app(settings: Settings | None = None, *, kinds: KindRegistry | None = None) -> FastAPI:
    """A new application over the given kinds of question (default: the built-in ones);
    nothing starts until its lifespan runs."""
    settings = settings or Settings()
    metrics = Metrics()
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
        title="drill",
        version="0.1.0",
        lifespan=_lifespan(settings, kinds),
        description="Interview practice for backend engineers: SQL drills graded with reasons.",
    )
    app.state.settings, app.state.metrics = settings, metrics
    _register_problem_schema(app)
    routers = (
        api_catalog.router,
        api_sql.router,
        api_practice.router,
        api_answers.router,
        api_rounds.router,
        api_design.router,
        api_diagram.router,
        api_drafts.router,
        api_assessments.router,
        api_cards.router,
        api_stories.router,
        api_review.router,
        api_health.router,
        api_model_feedback.router,
        pages.router,
        pages_rounds.router,
        pages_review.router,
        behavioral_page.router,
    )
    for router in routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
    api_docs.install(app)
    app.add_exception_handler(ConcurrentRetry, api_practice.replay_concurrent_retry)
    app.add_exception_handler(TooManyQueries, fair_use.too_many_queries)
    app.add_middleware(
        RequestBody, max_bytes=settings.max_body_bytes, timeout_s=settings.request_timeout_s
    )
    app.add_middleware(RequestContext, metrics=metrics)
    return app


def _register_problem_schema(app: FastAPI) -> None:
    """Put the Problem model in the OpenAPI components, where the error responses refer to it."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = definitions
        return app.openapi_schema or original()

    app.openapi = openapi  # type: ignore[method-assign]


def _lifespan(
    settings: Settings, kinds: KindRegistry | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        await run_in_threadpool(_build_missing_datasets, settings)
        app.state.workspace = await run_in_threadpool(lambda: Workspace(settings, kinds=kinds))
        app.state.deck = build_deck(app.state.workspace)
        app.state.practice_hooks = (ReviewFeed(app.state.deck, app.state.workspace.kinds),)
        app.state.store = create_store(settings.state_url)
        await run_in_threadpool(app.state.store.migrate)
        with app.state.store.session() as session:
            app.state.user_id = ensure_user(session).id
        registry = app.state.metrics.registry
        app.state.model_feedback = model_feedback(settings, SystemClock(), registry)
        log.info("ready", extra={"fields": {"questions": len(app.state.workspace.bank.questions)}})
        try:
            yield
        finally:
            app.state.workspace.close()
            app.state.store.close()
            if app.state.model_feedback is not None:
                app.state.model_feedback.client.close()

    return lifespan


def _build_missing_datasets(settings: Settings) -> None:
    build_builtin(settings.datasets_dir, settings.built_datasets_dir, progress=log.info)
