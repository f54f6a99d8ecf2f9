"""FSRS scheduling from the settings, and honest previews of what each button would do.

The algorithm is the `fsrs` package's; this module only builds its Scheduler, converts cards to
and from the JSON the store keeps, and previews a review on a copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from fsrs import Card, Rating, ReviewLog, Scheduler, State


class Grade(StrEnum):
    """The four buttons, as the API names them."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"

    @property
    def rating(self) -> Rating:
        return Rating[self.name.capitalize()]


STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
NEW = "new"  # a card never reviewed: fsrs has no such state, the store has no row for it


@dataclass(frozen=True)
class SchedulerConfig:
    """What the settings say about scheduling (DRILL_REVIEW_*)."""

    desired_retention: float = 0.9
    learning_steps_min: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_min: tuple[float, ...] = (10.0,)
    fuzz: bool = True
    maximum_interval_days: int = 36500


def build_scheduler(config: SchedulerConfig, *, fuzz: bool | None = None) -> Scheduler:
    """The fsrs Scheduler for `config` (fuzz as configured unless said otherwise)."""
    return Scheduler(
        desired_retention=config.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in config.learning_steps_min),
        relearning_steps=tuple(timedelta(minutes=m) for m in config.relearning_steps_min),
        maximum_interval=config.maximum_interval_days,
        enable_fuzzing=config.fuzz if fuzz is None else fuzz,
    )


def fsrs_card_id(card_id: str) -> int:
    """A stable integer id for fsrs (its logs and optimizer group reviews by it)."""
    return int.from_bytes(hashlib.sha256(card_id.encode()).digest()[:6], "big")


def new_card(card_id: str, now: datetime) -> Card:
    """The fsrs card of a card never reviewed, due now."""
    return Card(card_id=fsrs_card_id(card_id), due=now)


def card_from_json(data: dict[str, Any]) -> Card:
    return Card.from_dict(data)  # type: ignore[arg-type]


def card_to_json(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def state_name(card: Card | None) -> str:
    return NEW if card is None else STATE_NAMES[card.state]


def review(
    scheduler: Scheduler, card: Card, grade: Grade, now: datetime, duration_ms: int | None
) -> tuple[Card, ReviewLog]:
    """The card after a review at `now`, and fsrs's log of it."""
    return scheduler.review_card(
        card, grade.rating, review_datetime=now, review_duration=duration_ms
    )


@dataclass(frozen=True)
class Preview:
    """What one button would do: the card due again after `interval`."""

    grade: Grade
    interval: timedelta
    due: datetime
    state: str


def previews(preview_scheduler: Scheduler, card: Card, now: datetime) -> list[Preview]:
    """The interval each button would give, Again to Easy, from a scheduler with fuzz off.

    The real review is fuzzed (when DRILL_REVIEW_FUZZ is on), so it may land a few percent
    either side of the interval shown: about a day at two weeks, a few days at three months.
    """
    shown = []
    for grade in Grade:
        after, _ = review(preview_scheduler, card_from_json(card_to_json(card)), grade, now, None)
        shown.append(Preview(grade, after.due - now, after.due, state_name(after)))
    return shown


def interval_label(interval: timedelta) -> str:
    """A button's label: 1m, 10m, 3h, 4d, 2.5mo, 1.3y."""
    seconds = interval.total_seconds()
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")
