"""The cards of the bank and how they are scheduled, built once from the workspace and the
settings, and shared by the review service and the drills' feed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fsrs import Scheduler
from pydantic import ValidationError

from app.kinds.card.models import CardQuestion
from app.review.pulls import PullMap, load_pull_map
from app.review.queue import Limits
from app.review.scheduling import SchedulerConfig, build_scheduler
from app.settings import Settings
from app.workspace import Workspace

CARD_KIND = "card"

TypedGrader = Callable[[CardQuestion, str], dict[str, Any] | None]  # a typed answer -> its coverage


@dataclass(frozen=True)
class Deck:
    """Every card question, in bank order, with the schedulers (the real one and the one that
    previews, fuzz off), the daily limits and the pull map."""

    cards: Mapping[str, CardQuestion]
    config: SchedulerConfig = field(default_factory=SchedulerConfig)
    limits: Limits = field(default_factory=Limits)
    pull_map: PullMap = field(default_factory=PullMap)
    grade_typed: TypedGrader | None = None
    scheduler: Scheduler = field(init=False)
    preview_scheduler: Scheduler = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scheduler", build_scheduler(self.config))
        object.__setattr__(self, "preview_scheduler", build_scheduler(self.config, fuzz=False))

    @property
    def order(self) -> list[str]:
        return list(self.cards)


def config_from(settings: Settings) -> tuple[SchedulerConfig, Limits]:
    config = SchedulerConfig(
        desired_retention=settings.review_desired_retention,
        learning_steps_min=tuple(settings.review_learning_steps_min),
        relearning_steps_min=tuple(settings.review_relearning_steps_min),
        fuzz=settings.review_fuzz,
        maximum_interval_days=settings.review_maximum_interval_days,
    )
    return config, Limits(settings.review_new_per_day, settings.review_max_per_day)


def build_deck(workspace: Workspace) -> Deck:
    """The deck of the workspace's card questions, scheduled as its settings say."""
    config, limits = config_from(workspace.settings)
    questions = workspace.bank.questions.values()
    cards = {q.id: q for q in questions if isinstance(q, CardQuestion)}
    return Deck(cards, config, limits, load_pull_map(), _typed_grader(workspace))


def _typed_grader(workspace: Workspace) -> TypedGrader | None:
    """The card kind's coverage of a typed answer (its details), once the kind is registered."""
    if CARD_KIND not in workspace.kinds:
        return None
    kind, grader = workspace.kinds[CARD_KIND], workspace.graders[CARD_KIND]

    def grade(card: CardQuestion, typed: str) -> dict[str, Any] | None:
        try:
            answer = kind.answer_model.model_validate({"typed": typed})
        except ValidationError:
            return None  # the kind answers in other terms: no coverage to show
        return dict(grader.grade(card, answer, client=None).details)

    return grade
