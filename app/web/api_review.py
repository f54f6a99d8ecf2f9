"""Spaced repetition: the day's queue, rating a card (idempotent), undo, reveal, statistics and
the cards the drills pulled forward. Thin: the review service (app/review/) does the work.
(Plain functions: FastAPI runs them in a worker thread, where their units of work commit.)"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app.practice.idempotency import request_hash
from app.review.service import Rating
from app.web.api_practice import IdempotencyKey, rendered
from app.web.deps import ClockDep, ReadingDep, ReviewsDep, UserDep
from app.web.schemas import problem_responses
from app.web.schemas_review import (
    CoverageOut,
    CoverageRequest,
    PullsOut,
    QueueOut,
    RevealOut,
    ReviewOut,
    ReviewRequest,
    StatsOut,
    UndoOut,
)

router = APIRouter(prefix="/api/review", tags=["review"], responses=problem_responses())


class _Fingerprint(BaseModel):
    card_id: str
    request: ReviewRequest


@router.get("/queue", response_model=QueueOut)
def queue(
    reading: ReadingDep,
    user: UserDep,
    now: ClockDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    ahead_days: Annotated[int, Query(ge=0, le=30)] = 0,
) -> Any:
    """What to study now: learning steps due, reviews due, then new cards, within the daily
    limits; each card with its prompt and the interval each button would give (never the
    answer). When nothing is due, `ahead_days` > 0 gives the cards due within that many days."""
    return reading.queue(user_id=user, now=now, limit=limit, cursor=cursor, ahead_days=ahead_days)


@router.post("/cards/{card_id}/reviews", response_model=ReviewOut)
def rate(
    card_id: str,
    body: ReviewRequest,
    reviews: ReviewsDep,
    user: UserDep,
    now: ClockDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Rate a card and schedule it: the new state, when it is due and its model answer. A retry
    with the same Idempotency-Key returns the first response: a double click rates once."""
    rating = Rating(
        user_id=user,
        card_id=card_id,
        grade=body.rating,
        duration_ms=body.duration_ms,
        typed=body.typed,
        now=now,
        idempotency_key=idempotency_key,
        fingerprint=request_hash(_Fingerprint(card_id=card_id, request=body)),
    )
    return rendered(reviews.rate(rating))


@router.post("/cards/{card_id}/undo", response_model=UndoOut)
def undo(card_id: str, reviews: ReviewsDep, user: UserDep, now: ClockDep) -> Any:
    """Undo the card's last rating: it is back exactly as it was (409 nothing_to_undo when
    there is none, or it was undone already)."""
    return reviews.undo(user_id=user, card_id=card_id, now=now)


@router.get("/cards/{card_id}", response_model=RevealOut)
def reveal(card_id: str, reviews: ReviewsDep) -> Any:
    """The card with its answer: the model answer and its key points."""
    return reviews.reveal(card_id)


@router.post("/cards/{card_id}/coverage", response_model=CoverageOut)
def coverage(card_id: str, body: CoverageRequest, reviews: ReviewsDep) -> Any:
    """Which key points a typed answer covers, without rating the card: what the review page
    shows beside the model answer on reveal. Records nothing."""
    return {"card_id": card_id, "coverage": reviews.coverage(card_id, body.typed)}


@router.get("/stats", response_model=StatsOut)
def stats(reading: ReadingDep, user: UserDep, now: ClockDep) -> Any:
    """Reviews per day and true retention over the last 30 days (against the desired one), the
    cards coming due in the next 30, cards by state, and the weakest topics and tags."""
    return reading.stats(user_id=user, now=now)


@router.get("/pulled", response_model=PullsOut)
def pulled(
    reading: ReadingDep, user: UserDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> Any:
    """The cards the drills pulled forward, newest first, each with its reason ("you missed
    `running totals` in ...")."""
    return reading.pulled(user_id=user, limit=limit)
