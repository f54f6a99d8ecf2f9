"""Statistics of a user's reviews: reviews per day, true retention against the desired one,
a forecast of the cards coming due, cards by state, and the weakest topics. Pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.review.queue import Scheduled, day_start
from app.review.scheduling import NEW

WINDOW_DAYS = 30
WEAKEST_SHOWN = 5


@dataclass(frozen=True)
class Rating:
    """A rating that stands, as the stats read it."""

    card_id: str
    rating: str
    previous_state: str
    reviewed_at: datetime


@dataclass(frozen=True)
class CardTopics:
    card_id: str
    source_topic: str
    tags: tuple[str, ...]


def reviews_per_day(ratings: Iterable[Rating], now: datetime) -> list[dict[str, Any]]:
    """Ratings on each of the last 30 days, oldest first (today last)."""
    counts = Counter(r.reviewed_at.date() for r in ratings)
    today = now.date()
    days = [today - timedelta(days=back) for back in range(WINDOW_DAYS - 1, -1, -1)]
    return [{"date": day.isoformat(), "reviews": counts.get(day, 0)} for day in days]


def true_retention(ratings: Iterable[Rating], now: datetime, desired: float) -> dict[str, Any]:
    """Share of the last 30 days' reviews of cards in review state that were not Again (the
    retention the scheduler aims at; learning steps do not count)."""
    since = day_start(now) - timedelta(days=WINDOW_DAYS - 1)
    graded = [r for r in ratings if r.previous_state == "review" and r.reviewed_at >= since]
    passed = sum(r.rating != "again" for r in graded)
    value = passed / len(graded) if graded else None
    return {"value": value, "reviews": len(graded), "passed": passed, "desired": desired}


def forecast(scheduled: Iterable[Scheduled], now: datetime) -> list[dict[str, Any]]:
    """Cards coming due on each of the next 30 days, today first (overdue ones count today)."""
    today = now.date()
    counts = Counter(max(s.due.date(), today) for s in scheduled)
    days = [today + timedelta(days=ahead) for ahead in range(WINDOW_DAYS)]
    return [{"date": day.isoformat(), "due": counts.get(day, 0)} for day in days]


def by_state(deck: Sequence[str], scheduled: Mapping[str, Scheduled]) -> dict[str, int]:
    counts = Counter(scheduled[c].state if c in scheduled else NEW for c in deck)
    return {name: counts.get(name, 0) for name in (NEW, "learning", "review", "relearning")}


def weakest_topics(ratings: Iterable[Rating], cards: Iterable[CardTopics]) -> list[dict[str, Any]]:
    """Source topics and tags by lowest retention, then most lapses (Again on a card in
    review state), over every review of a card in review state."""
    groups = _groups_by_card(cards)
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for rating in ratings:
        if rating.previous_state != "review":
            continue
        for group in groups.get(rating.card_id, ()):
            tally[group][0] += 1
            tally[group][1] += rating.rating == "again"
    rows = [_weak_row(group, reviews, lapses) for group, (reviews, lapses) in tally.items()]
    rows.sort(key=lambda row: (row["retention"], -row["lapses"], row["name"]))
    return rows[:WEAKEST_SHOWN]


def _groups_by_card(cards: Iterable[CardTopics]) -> dict[str, list[tuple[str, str]]]:
    return {
        c.card_id: [("topic", c.source_topic), *(("tag", tag) for tag in c.tags)] for c in cards
    }


def _weak_row(group: tuple[str, str], reviews: int, lapses: int) -> dict[str, Any]:
    by, name = group
    return {
        "by": by,
        "name": name,
        "reviews": reviews,
        "lapses": lapses,
        "retention": (reviews - lapses) / reviews,
    }
