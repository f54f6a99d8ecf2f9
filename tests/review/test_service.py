"""Reviewing over the store on a clock the test moves: a month of reviews in seconds, undo
restoring the exact state, a retried rating counted once, the daily limits, the statistics."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clock import ManualClock
from app.practice.errors import PracticeError
from app.practice.idempotency import Replay
from app.review.queue import Limits
from app.review.reading import Reading
from app.review.scheduling import Grade
from app.review.service import Rating, Reviews
from app.store import card_states, review_logs
from tests.review.conftest import T0, Desk, make_deck, new_store

DAY = 86400
CARD = "card-window-frames"


def _snapshot(desk: Desk, card_id: str) -> tuple[object, ...] | None:
    with desk.store.session() as session:
        state = card_states(session, user_id=desk.user).get(card_id)
        return None if state is None else (state.card, state.due, state.state)


def test_a_month_of_daily_reviews_spaces_cards_out(desk: Desk) -> None:
    """Every card due each day is rated (the window-frames card Good, the others by turns),
    stepping through the learning steps in minutes; 30 days pass in seconds."""
    spacing, turns = [], [Grade.GOOD, Grade.HARD, Grade.EASY, Grade.AGAIN]
    for day in range(30):
        for step, card in enumerate(desk.queue_ids()):
            grade = Grade.GOOD if card == CARD else turns[(day + step) % 4]
            rated = desk.rate(card, grade)
            if card == CARD:
                spacing.append(rated["interval_s"])
        desk.clock.advance(600)  # the ten-minute learning step, due today
        for card in desk.queue_ids():
            rated = desk.rate(card, Grade.GOOD)
            if card == CARD:
                spacing.append(rated["interval_s"])
        desk.clock.advance(DAY - 600)
    assert spacing[0] == 600 and spacing[1:] == sorted(spacing[1:])
    assert spacing[-1] > 30 * DAY
    stats = desk.reading.stats(user_id=desk.user, now=desk.clock.now())
    assert stats["by_state"]["new"] == 0
    with desk.store.session() as session:
        since = desk.clock.now() - 29 * timedelta(days=1)
        in_window = review_logs(session, user_id=desk.user, since=since.replace(hour=0))
    assert sum(day["reviews"] for day in stats["reviews_per_day"]) == len(in_window) > 10


def test_the_queue_shows_previews_and_never_the_answer(desk: Desk) -> None:
    page = desk.reading.queue(user_id=desk.user, now=T0, limit=2, cursor=None, ahead_days=0)
    card = page["cards"][0]
    assert list(card["previews"]) == ["again", "hard", "good", "easy"]
    assert card["previews"]["again"]["label"] == "1m"
    assert "model_answer" not in card and "key_points" not in card
    assert page["counts"] == {"learning": 0, "review": 0, "new": 5}
    rest = desk.reading.queue(
        user_id=desk.user, now=T0, limit=10, cursor=page["next_cursor"], ahead_days=0
    )
    assert len(rest["cards"]) == 3 and rest["next_cursor"] is None


def test_a_rating_answers_with_the_model_answer_and_when_the_card_is_due(desk: Desk) -> None:
    rated = desk.rate(CARD, Grade.EASY)
    assert rated["state"] == "review" and rated["previous_state"] == "new"
    assert rated["model_answer"].startswith("A fixture answer")
    assert rated["key_points"] == ["the first point", "the second point", "the third point"]
    assert CARD not in desk.queue_ids()


def test_a_retried_rating_with_its_key_rates_once(desk: Desk) -> None:
    first = desk.rate(CARD, Grade.GOOD, key="k1")
    again = desk.reviews.rate(_rating(desk, Grade.GOOD, "k1"))
    assert isinstance(again, Replay) and again.body == first
    with desk.store.session() as session:
        assert len(review_logs(session, user_id=desk.user)) == 1
    with pytest.raises(PracticeError) as refused:
        desk.reviews.rate(_rating(desk, Grade.EASY, "k1"))
    assert refused.value.code == "idempotency_key_reused"


def _rating(desk: Desk, grade: Grade, key: str) -> Rating:
    return Rating(desk.user, CARD, grade, 1500, None, desk.clock.now(), key, grade.value)


def test_undo_twice_is_refused_and_a_card_never_rated_has_nothing_to_undo(desk: Desk) -> None:
    desk.rate(CARD, Grade.GOOD)
    undone = desk.reviews.undo(user_id=desk.user, card_id=CARD, now=desk.clock.now())
    assert undone["state"] == "new" and undone["due"] is None
    for card in (CARD, "card-isolation"):
        with pytest.raises(PracticeError) as refused:
            desk.reviews.undo(user_id=desk.user, card_id=card, now=desk.clock.now())
        assert refused.value.code == "nothing_to_undo"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history=st.lists(st.sampled_from(list(Grade)), min_size=1, max_size=8),
    waits=st.lists(st.integers(min_value=0, max_value=40 * DAY), min_size=8, max_size=8),
)
def test_undo_restores_the_exact_state_before_the_last_rating(
    history: list[Grade], waits: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, user = new_store(Path(folder) / "state.sqlite3")
        deck = make_deck()
        desk = Desk(
            Reviews(store=store, deck=deck),
            Reading(store=store, deck=deck),
            store,
            ManualClock(T0),
            user,
        )
        for grade, wait in zip(history, waits, strict=False):
            desk.clock.advance(wait)
            before = _snapshot(desk, CARD)
            desk.rate(CARD, grade)
        desk.reviews.undo(user_id=user, card_id=CARD, now=desk.clock.now())
        assert _snapshot(desk, CARD) == before
        with store.session() as session:
            assert len(review_logs(session, user_id=user)) == len(history) - 1
        store.close()


def test_new_cards_stop_at_the_daily_limit_and_come_back_tomorrow(tmp_path: Path) -> None:
    store, user = new_store(tmp_path / "state.sqlite3")
    deck = make_deck(Limits(new_per_day=2, max_per_day=200))
    desk = Desk(
        Reviews(store=store, deck=deck),
        Reading(store=store, deck=deck),
        store,
        ManualClock(T0),
        user,
    )
    assert len(desk.queue_ids()) == 2
    for card in desk.queue_ids():
        desk.rate(card, Grade.EASY)
    assert desk.queue_ids() == []
    desk.clock.advance(DAY)
    assert len(desk.queue_ids()) == 2  # two more new ones; the easy ones are not due yet
    store.close()


def test_stats_count_reviews_retention_forecast_states_and_weak_topics(desk: Desk) -> None:
    desk.rate(CARD, Grade.EASY)
    desk.rate("card-isolation", Grade.EASY)
    desk.clock.advance(30 * DAY)
    desk.rate(CARD, Grade.AGAIN)  # a lapse
    desk.rate("card-isolation", Grade.GOOD)
    stats = desk.reading.stats(user_id=desk.user, now=desk.clock.now())
    assert stats["reviews_per_day"][-1] == {"date": "2026-04-01", "reviews": 2}
    assert stats["retention"] == {"value": 0.5, "reviews": 2, "passed": 1, "desired": 0.9}
    assert stats["by_state"] == {"new": 3, "learning": 0, "review": 1, "relearning": 1}
    assert stats["forecast"][0]["due"] == 1  # relearning, in ten minutes
    weakest = stats["weakest"][0]
    assert (weakest["retention"], weakest["lapses"]) == (0.0, 1)
    assert weakest["name"] in ("SQL", "window-functions", "window-frames")
