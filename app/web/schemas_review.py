"""Bodies of the spaced-repetition API (app/web/api_review.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.review.scheduling import Grade

MAX_DURATION_MS = 24 * 3600 * 1000


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Grade
    duration_ms: int = Field(ge=0, le=MAX_DURATION_MS)  # time spent on the card
    typed: str | None = Field(default=None, max_length=20_000)  # an answer typed, if any


class CoverageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    typed: str = Field(max_length=20_000)


class CoverageOut(BaseModel):
    card_id: str
    coverage: dict[str, object] | None  # None: nothing typed, or the card kind cannot tell


class PreviewOut(BaseModel):
    interval_s: int
    label: str  # what the button shows: 1m, 10m, 4d, 2.5mo
    due: str
    state: str


class PulledOut(BaseModel):
    reason: str
    at: str


class QueueCardOut(BaseModel):
    card_id: str
    title: str
    prompt: str
    tags: list[str]
    source_topic: str
    state: str  # new, learning, review or relearning
    due: str | None
    pulled: PulledOut | None  # why a drill brought it forward, until it is reviewed
    previews: dict[str, PreviewOut]  # again, hard, good, easy


class AheadOut(BaseModel):
    days: int
    cards: int


class QueueOut(BaseModel):
    cards: list[QueueCardOut]
    next_cursor: str | None
    counts: dict[str, int]  # the whole queue: learning, review, new
    done: bool  # nothing is due today
    studying_ahead: bool  # the cards are not due yet (ahead_days asked for them)
    ahead: AheadOut  # cards coming due within that many days


class RevealOut(BaseModel):
    card_id: str
    title: str
    prompt: str
    model_answer: str
    key_points: list[str]
    tags: list[str]
    source_topic: str


class ReviewOut(RevealOut):
    review_id: int
    rating: str
    previous_state: str
    state: str
    due: str
    interval_s: int
    coverage: dict[str, object] | None  # the key points a typed answer covered


class UndoOut(BaseModel):
    card_id: str
    undone_review_id: int
    state: str
    due: str | None  # None: the card is new again


class DayReviews(BaseModel):
    date: str
    reviews: int


class DayDue(BaseModel):
    date: str
    due: int


class RetentionOut(BaseModel):
    value: float | None
    reviews: int
    passed: int
    desired: float


class WeakOut(BaseModel):
    by: str  # topic or tag
    name: str
    reviews: int
    lapses: int
    retention: float


class StatsOut(BaseModel):
    reviews_per_day: list[DayReviews]
    retention: RetentionOut
    forecast: list[DayDue]
    by_state: dict[str, int]
    weakest: list[WeakOut]


class PullOut(BaseModel):
    card_id: str
    title: str
    tags: list[str]
    source_topic: str
    reason: str
    question_id: str
    criterion: str | None
    hint_index: int | None
    at: str


class PullsOut(BaseModel):
    pulls: list[PullOut]
