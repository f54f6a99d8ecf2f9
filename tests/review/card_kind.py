"""The card kind for these tests, until the real one is registered in app/kinds/defaults.py:
the model is the real CardQuestion; answering says which key points' terms a typed answer
holds (what the review's coverage shows)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.bank import loader
from app.bank.loader import ContentProblem
from app.kinds.card.models import CardQuestion
from app.kinds.defaults import default_kinds
from app.kinds.outcome import Outcome
from app.kinds.registry import Kind, KindRegistry

CARDS = Path(__file__).parents[1] / "fixtures" / "cards"


class TypedAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    typed: str


class CoverageGrader:
    def grade(self, question: CardQuestion, answer: TypedAnswer, *, client: str | None) -> Outcome:
        words = answer.typed.lower()
        covered = [p.text for p in question.key_points if any(t in words for t in p.terms)]
        missed = [p.text for p in question.key_points if p.text not in covered]
        score = len(covered) / len(question.key_points)
        return Outcome("reviewed", score, {"covered": covered, "missed": missed}, missed)


def _no_problems(question: CardQuestion, source: Path) -> list[ContentProblem]:
    return []


def _solution(question: CardQuestion) -> dict[str, Any]:
    return {"explanation": question.explanation, "reference": {"answer": question.model_answer}}


TEST_CARD = Kind[CardQuestion, TypedAnswer](
    name="card",
    question_model=CardQuestion,
    answer_model=TypedAnswer,
    make_grader=lambda services: CoverageGrader(),
    make_checker=lambda services: _no_problems,
    public_view=lambda question: {"tags": list(question.tags)},
    solution_view=_solution,
    rules=lambda question: ["Reviewed: your typed answer is matched to the key points."],
)


def card_kinds() -> KindRegistry:
    """The built-in kinds, with a card kind (the real one once it is registered)."""
    kinds = default_kinds()
    return kinds if "card" in kinds else kinds.with_kind(TEST_CARD)


def fixture_cards() -> dict[str, CardQuestion]:
    """The fixture cards, by id, in file order."""
    bank = loader.load_questions([CARDS], {"card": CardQuestion})
    return {q.id: q for q in bank.questions.values() if isinstance(q, CardQuestion)}
