"""Dependencies of the routes, as Annotated aliases (swap them with dependency_overrides)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.clock import SystemClock
from app.practice.service import Practice
from app.review.reading import Reading
from app.review.service import Reviews
from app.store import Store
from app.web.fair_use import client_key
from app.web.observability import Metrics
from app.workspace import Workspace


# Dependencies that never block are coroutines: FastAPI runs a plain function in the thread
# pool, a hop that cost each /api/sql/run answer about 0.1 ms of CPU per dependency.
async def get_workspace(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


async def get_client(request: Request) -> str:
    return client_key(request)


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]


async def get_practice(request: Request) -> Practice:
    """Answering, over the app's workspace, store and metrics."""
    state = request.app.state
    hooks = getattr(state, "practice_hooks", ())
    return Practice(
        workspace=state.workspace, store=state.store, metrics=state.metrics, hooks=hooks
    )


PracticeDep = Annotated[Practice, Depends(get_practice)]


async def get_reviews(request: Request) -> Reviews:
    """Rating cards, over the app's deck and store."""
    return Reviews(store=request.app.state.store, deck=request.app.state.deck)


async def get_reading(request: Request) -> Reading:
    """The review queue, statistics and pulls, over the app's deck and store."""
    return Reading(store=request.app.state.store, deck=request.app.state.deck)


ReviewsDep = Annotated[Reviews, Depends(get_reviews)]
ReadingDep = Annotated[Reading, Depends(get_reading)]


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the route returns, rolled back on error."""
    with request.app.state.store.session() as session:
        yield session


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_user(request: Request) -> int:
    """The local user (accounts come later; every row already belongs to a user)."""
    user_id: int = request.app.state.user_id
    return user_id


SYSTEM_CLOCK = SystemClock()


def get_clock() -> datetime:
    """The server's clock, the one place routes and pages read the time: deadlines and lateness
    never trust the client's. One reading per request (FastAPI caches it), so a request never
    sees two different nows; tests override it with a ManualClock's `now`."""
    return SYSTEM_CLOCK.now()


# scope="function": commit before the response leaves, so the next request sees the change
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
UserDep = Annotated[int, Depends(get_user)]
ClientDep = Annotated[str, Depends(get_client)]  # whom a query counts against (fair_use.py)
StoreDep = Annotated[Store, Depends(get_store)]
ClockDep = Annotated[datetime, Depends(get_clock)]
