"""Explain answers graded ask by ask against the probes' answers on the plan shown."""

from __future__ import annotations

from typing import Any

from app.kinds.explain.answer import ExplainAnswer
from app.kinds.explain.asks import is_right, right_answer
from app.kinds.explain.models import ExplainQuestion
from app.kinds.explain.plans import PlanLoader
from app.kinds.outcome import FULL_SCORE, Outcome
from app.kinds.registry import Services
from app.plans.errors import ProbeError
from app.plans.model import Plan
from app.plans.probes import Answer
from app.sqlengine.errors import QuestionBrokenError


class ExplainGrader:
    """Each ask right or wrong; the score is the share right, and all right solves it. The
    right answers and their explanations are in the details only once it is solved."""

    def __init__(self, plans: PlanLoader) -> None:
        self.plans = plans

    def grade(
        self, question: ExplainQuestion, answer: ExplainAnswer, *, client: str | None
    ) -> Outcome:
        """QuestionBrokenError when the plan cannot be had or a probe reads no answer."""
        right = right_answers(question, self.plans.load_or_broken(question).plan)
        marks = {
            ask.id: is_right(ask, answer.asks.get(ask.id), right[ask.id]) for ask in question.asks
        }
        score = sum(marks.values()) / len(marks)
        solved = score >= FULL_SCORE
        details = {
            "asks": [
                _ask_detail(question, ask_id, ok, right, solved) for ask_id, ok in marks.items()
            ],
            "unknown_asks": sorted(set(answer.asks) - set(marks)),
        }
        missed = [ask_id for ask_id, ok in marks.items() if not ok]
        return Outcome(_status(score), score, details, missed)


def right_answers(question: ExplainQuestion, plan: Plan) -> dict[str, Answer]:
    """Every ask's right answer on the plan; QuestionBrokenError when one has none."""
    try:
        return {ask.id: right_answer(plan, ask) for ask in question.asks}
    except ProbeError as error:
        raise QuestionBrokenError(f"{question.id}: {error}") from None


def _ask_detail(
    question: ExplainQuestion, ask_id: str, ok: bool, right: dict[str, Answer], solved: bool
) -> dict[str, Any]:
    detail: dict[str, Any] = {"id": ask_id, "right": ok}
    if solved:
        detail |= {"answer": right[ask_id], "explanation": question.ask(ask_id).explanation}
    return detail


def _status(score: float) -> str:
    if score >= FULL_SCORE:
        return "correct"
    return "partial" if score > 0 else "incorrect"


def make_grader(services: Services) -> ExplainGrader:
    return ExplainGrader(PlanLoader.of(services))
