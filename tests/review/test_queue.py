"""The day's queue: learning steps first, reviews within the review limit, new cards within
the new-card limit, unlocked cards on top of it; limits start over at midnight UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.review.queue import (
    Limits,
    Rated,
    Scheduled,
    after,
    day_start,
    due_queue,
    room_today,
    study_ahead,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DECK = [f"c{n:02}" for n in range(30)]


def _scheduled(count: int, state: str, due: datetime) -> dict[str, Scheduled]:
    return {c: Scheduled(c, state, due) for c in DECK[:count]}


def test_new_cards_stop_at_the_daily_limit() -> None:
    queue = due_queue(
        deck=DECK,
        scheduled={},
        rated_today=[],
        unlocked=frozenset(),
        now=NOW,
        limits=Limits(new_per_day=20),
    )
    assert [e.card_id for e in queue] == DECK[:20]


def test_new_cards_introduced_today_use_up_the_limit_but_unlocked_ones_do_not() -> None:
    rated = [Rated("c00", "new", False), Rated("c01", "new", True), Rated("c02", "review", False)]
    assert room_today(rated, Limits(new_per_day=3, max_per_day=5)) == (2, 4)


def test_unlocked_new_cards_come_beyond_the_limit() -> None:
    queue = due_queue(
        deck=DECK,
        scheduled={},
        rated_today=[],
        unlocked=frozenset({"c25", "c29"}),
        now=NOW,
        limits=Limits(new_per_day=2),
    )
    assert [e.card_id for e in queue] == ["c25", "c29", "c00", "c01"]


def test_reviews_stop_at_the_review_limit_and_learning_steps_always_show() -> None:
    scheduled = _scheduled(10, "review", NOW - timedelta(days=1))
    scheduled["c20"] = Scheduled("c20", "relearning", NOW - timedelta(minutes=1))
    queue = due_queue(
        deck=DECK[:21],
        scheduled=scheduled,
        rated_today=[Rated("c11", "review", False)],
        unlocked=frozenset(),
        now=NOW,
        limits=Limits(new_per_day=0, max_per_day=4),
    )
    assert [e.card_id for e in queue] == ["c20", "c00", "c01", "c02"]


def test_cards_not_yet_due_wait_and_can_be_studied_ahead() -> None:
    scheduled = {
        "c00": Scheduled("c00", "review", NOW + timedelta(hours=30)),
        "c01": Scheduled("c01", "review", NOW + timedelta(days=5)),
    }
    queue = due_queue(
        deck=DECK[:2],
        scheduled=scheduled,
        rated_today=[],
        unlocked=frozenset(),
        now=NOW,
        limits=Limits(),
    )
    assert queue == []
    ahead = study_ahead(deck=DECK[:2], scheduled=scheduled, now=NOW, days=2)
    assert [e.card_id for e in ahead] == ["c00"]


def test_a_cursor_resumes_after_its_card_even_when_earlier_cards_are_gone() -> None:
    queue = due_queue(
        deck=DECK, scheduled={}, rated_today=[], unlocked=frozenset(), now=NOW, limits=Limits()
    )
    first = queue[:5]
    later = [e for e in queue if e.card_id != "c01"]  # c01 rated since the first page
    assert [e.card_id for e in after(later, first[-1].key)][:2] == ["c05", "c06"]


def test_the_day_starts_at_midnight_utc() -> None:
    assert day_start(NOW) == datetime(2026, 3, 2, tzinfo=UTC)
