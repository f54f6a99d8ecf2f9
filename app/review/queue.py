"""The day's queue: cards due now, then new cards within the daily limits; and, when that is
done, studying ahead. Pure: the service reads the store and passes what it found.

A day is a UTC calendar day. Cards in their (re)learning steps are always shown: their steps
are minutes long and the next one is due before the day is out. Reviews of cards in review
state are capped at `max_per_day`, new cards at `new_per_day`; a new card a drill pulled
forward (unlocked) is shown on top of that cap, and its first review does not count against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.review.scheduling import NEW

LEARNING, REVIEW, UNLOCKED, FRESH = range(4)  # the queue's groups, in the order shown


@dataclass(frozen=True)
class Limits:
    new_per_day: int = 20
    max_per_day: int = 200


@dataclass(frozen=True)
class Scheduled:
    """A reviewed card's state, as the store keeps it."""

    card_id: str
    state: str  # learning, review or relearning
    due: datetime


@dataclass(frozen=True)
class Rated:
    """A rating given today that stands (not undone)."""

    card_id: str
    previous_state: str
    unlocked: bool  # the card was new and a drill had pulled it forward


@dataclass(frozen=True)
class Entry:
    """One card in the queue; `key` orders the queue and is what a cursor holds."""

    card_id: str
    state: str
    due: datetime | None  # None: new
    key: tuple[int, str, int, str]


def day_start(now: datetime) -> datetime:
    """Midnight UTC of `now`'s day: where the daily limits start over."""
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def room_today(rated_today: Sequence[Rated], limits: Limits) -> tuple[int, int]:
    """(new cards, reviews) still allowed today."""
    introduced = sum(r.previous_state == NEW and not r.unlocked for r in rated_today)
    reviewed = sum(r.previous_state == "review" for r in rated_today)
    return max(0, limits.new_per_day - introduced), max(0, limits.max_per_day - reviewed)


def due_queue(
    *,
    deck: Sequence[str],
    scheduled: Mapping[str, Scheduled],
    rated_today: Sequence[Rated],
    unlocked: frozenset[str],
    now: datetime,
    limits: Limits,
) -> list[Entry]:
    """What to study now, in order: learning steps due, reviews due (oldest first, within the
    review limit), new cards a drill unlocked, then new cards within the new-card limit."""
    new_room, review_room = room_today(rated_today, limits)
    position = {card_id: index for index, card_id in enumerate(deck)}
    due = sorted((s for s in scheduled.values() if s.due <= now), key=lambda s: s.due)
    learning = [_reviewed(s, LEARNING, position) for s in due if s.state != "review"]
    reviews = [_reviewed(s, REVIEW, position) for s in due if s.state == "review"]
    new = [card_id for card_id in deck if card_id not in scheduled]
    pulled = [_new(c, UNLOCKED, position) for c in new if c in unlocked]
    fresh = [_new(c, FRESH, position) for c in new if c not in unlocked][:new_room]
    return [*learning, *reviews[:review_room], *pulled, *fresh]


def study_ahead(
    *, deck: Sequence[str], scheduled: Mapping[str, Scheduled], now: datetime, days: int
) -> list[Entry]:
    """Cards not yet due that come due within `days`, soonest first (for when the day's queue
    is done)."""
    position = {card_id: index for index, card_id in enumerate(deck)}
    until = now + timedelta(days=days)
    ahead = sorted((s for s in scheduled.values() if now < s.due <= until), key=lambda s: s.due)
    return [_reviewed(s, REVIEW, position) for s in ahead if s.card_id in position]


def after(entries: Sequence[Entry], cursor: tuple[int, str, int, str] | None) -> list[Entry]:
    """The entries past a cursor (the key of the last one a page held): a card rated since
    the page was read is gone from the queue, and the next page still starts in the right place."""
    return list(entries) if cursor is None else [e for e in entries if e.key > cursor]


def _reviewed(state: Scheduled, group: int, position: Mapping[str, int]) -> Entry:
    where = position.get(state.card_id, len(position))
    return Entry(
        state.card_id, state.state, state.due, (group, state.due.isoformat(), where, state.card_id)
    )


def _new(card_id: str, group: int, position: Mapping[str, int]) -> Entry:
    return Entry(card_id, NEW, None, (group, "", position[card_id], card_id))
