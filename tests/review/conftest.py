"""A deck of the fixture cards over a migrated SQLite store, on a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.clock import ManualClock
from app.review.deck import Deck
from app.review.pulls import load_pull_map
from app.review.queue import Limits
from app.review.reading import Reading
from app.review.scheduling import Grade, SchedulerConfig
from app.review.service import Rating, Reviews
from app.store import Store, create_store, ensure_user
from tests.review.card_kind import fixture_cards

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Desk:
    """Reviewing as the local user: the services, the store and the clock."""

    reviews: Reviews
    reading: Reading
    store: Store
    clock: ManualClock
    user: int

    def rate(self, card_id: str, grade: Grade, key: str | None = None) -> dict[str, Any]:
        rating = Rating(self.user, card_id, grade, 1500, None, self.clock.now(), key, grade.value)
        result = self.reviews.rate(rating)
        assert isinstance(result, dict)
        return result

    def queue_ids(self, **extra: int) -> list[str]:
        page = self.reading.queue(
            user_id=self.user,
            now=self.clock.now(),
            limit=100,
            cursor=None,
            ahead_days=extra.get("ahead_days", 0),
        )
        return [card["card_id"] for card in page["cards"]]


def new_store(path: Path) -> tuple[Store, int]:
    store = create_store(f"sqlite:///{path}")
    store.migrate()
    with store.session() as session:
        return store, ensure_user(session).id


def make_deck(limits: Limits | None = None, fuzz: bool = True) -> Deck:
    config = SchedulerConfig(fuzz=fuzz)
    return Deck(fixture_cards(), config, limits or Limits(), load_pull_map())


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    store, user = new_store(tmp_path / "state.sqlite3")
    deck = make_deck()
    clock = ManualClock(T0)
    yield Desk(Reviews(store=store, deck=deck), Reading(store=store, deck=deck), store, clock, user)
    store.close()
