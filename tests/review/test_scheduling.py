"""Scheduling on fsrs: previews are what a review with fuzz off gives; intervals of a card in
review state never shrink on Good or Easy; button labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.review.scheduling import (
    Grade,
    SchedulerConfig,
    build_scheduler,
    card_from_json,
    card_to_json,
    interval_label,
    new_card,
    previews,
    review,
    state_name,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PREVIEW = build_scheduler(SchedulerConfig(), fuzz=False)
grades = st.lists(st.sampled_from(list(Grade)), min_size=1, max_size=25)
# how late (as a share of the interval) each review comes: early, on time, or late
lateness = st.lists(st.floats(min_value=0.0, max_value=3.0), min_size=25, max_size=25)


def test_a_new_card_previews_each_button_from_again_to_easy() -> None:
    shown = previews(PREVIEW, new_card("c", T0), T0)
    assert [p.grade for p in shown] == list(Grade)
    assert [p.interval for p in shown] == sorted(p.interval for p in shown)
    assert [p.state for p in shown] == ["learning", "learning", "learning", "review"]


@given(grades)
def test_a_preview_is_the_review_a_scheduler_without_fuzz_gives(history: list[Grade]) -> None:
    card, now = new_card("c", T0), T0
    for grade in history:
        card, _ = review(PREVIEW, card, grade, now, None)
        now = card.due
    for shown in previews(PREVIEW, card, now):
        reviewed, _ = review(PREVIEW, card_from_json(card_to_json(card)), shown.grade, now, None)
        assert (shown.due, shown.state) == (reviewed.due, state_name(reviewed))


@settings(max_examples=300)
@given(history=grades, late=lateness)
def test_good_or_easy_never_shortens_a_review_cards_interval(
    history: list[Grade], late: list[float]
) -> None:
    """The schedule itself (fuzz spreads it a little either side: the next test)."""
    card, now = new_card("c", T0), T0
    for grade, share in zip(history, late, strict=False):
        interval = card.due - (card.last_review or now)
        now = max(now, (card.last_review or now) + interval * share)
        was_review = card.state == 2
        card, _ = review(PREVIEW, card, grade, now, None)
        if was_review and grade in (Grade.GOOD, Grade.EASY):
            assert card.due - now >= min(interval, timedelta(days=36500))


@settings(max_examples=200)
@given(history=grades)
def test_a_fuzzed_review_lands_within_its_fuzz_range_of_the_preview(history: list[Grade]) -> None:
    fuzzed = build_scheduler(SchedulerConfig(fuzz=True))
    card, now = new_card("c", T0), T0
    for grade in history:
        shown = {p.grade: p for p in previews(PREVIEW, card, now)}[grade].interval
        card, _ = review(fuzzed, card, grade, now, None)
        slack = timedelta(days=3) + shown * 0.15  # fsrs's widest fuzz, and its rounding up
        assert abs((card.due - now) - shown) <= slack
        now = card.due


def test_the_card_json_round_trips_exactly() -> None:
    card, _ = review(PREVIEW, new_card("c", T0), Grade.EASY, T0, 2000)
    assert card_to_json(card_from_json(card_to_json(card))) == card_to_json(card)


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (30, "1m"),
        (600, "10m"),
        (3 * 3600, "3h"),
        (4 * 86400, "4d"),
        (75 * 86400, "2.5mo"),
        (90 * 86400, "3mo"),
        (400 * 86400, "1.1y"),
        (730 * 86400, "2y"),
    ],
)
def test_button_labels(seconds: int, label: str) -> None:
    assert interval_label(timedelta(seconds=seconds)) == label
