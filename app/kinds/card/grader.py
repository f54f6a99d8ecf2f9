"""A card answered: which key points the typed answer covered. How well it was recalled, and
so when it comes back, is the candidate's own rating and the scheduler's business."""

from __future__ import annotations

from app.kinds.card.answer import CardAnswer
from app.kinds.card.coverage import coverage
from app.kinds.card.models import CardQuestion
from app.kinds.outcome import Outcome
from app.kinds.registry import Services

STATUS = "reviewed"  # a card is never right or wrong: the score says how much was covered


class CardGrader:
    def grade(self, question: CardQuestion, answer: CardAnswer, *, client: str | None) -> Outcome:
        found = coverage(answer.typed, question.key_points)
        covered = [point.text for point in found.covered]
        missed = [point.text for point in found.missed]
        return Outcome(STATUS, found.score, {"covered": covered, "missed": missed}, missed)


def make_grader(services: Services) -> CardGrader:
    return CardGrader()
