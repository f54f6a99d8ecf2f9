"""An isolation answer graded: each ask is right when the chosen option is the one that
matches the step's recorded outcome; the score is the share of asks right. The right options
and their explanations are in the details only once every ask is right (giving up reveals them
through the solution view)."""

from __future__ import annotations

from typing import Any

from app.kinds.isolation.answer import IsolationAnswer
from app.kinds.isolation.models import Ask, IsolationQuestion
from app.kinds.outcome import Outcome
from app.kinds.registry import Services


class IsolationGrader:
    def grade(
        self, question: IsolationQuestion, answer: IsolationAnswer, *, client: str | None
    ) -> Outcome:
        marks = [ask_mark(question, ask, answer.asks.get(ask.id)) for ask in question.asks]
        right = sum(mark["right"] for mark in marks)
        score = right / len(marks)
        solved = right == len(marks)
        if solved:
            for mark, ask in zip(marks, question.asks, strict=True):
                mark.update(answer=question.right_option(ask), explanation=ask.explanation)
        unknown = sorted(set(answer.asks) - {ask.id for ask in question.asks})
        details = {"asks": marks, "right": right, "total": len(marks), "unknown_asks": unknown}
        status = "correct" if solved else "partial" if right else "incorrect"
        missed = [] if solved else list(question.topics)
        return Outcome(status, score, details, missed)


def ask_mark(question: IsolationQuestion, ask: Ask, chosen: str | None) -> dict[str, Any]:
    """One ask's mark: what was chosen, whether it is an option at all, and whether it is the
    right one."""
    offered = chosen is not None and chosen in question.option_texts(ask)
    right = offered and chosen == question.right_option(ask)
    return {"id": ask.id, "step": ask.step, "chosen": chosen, "offered": offered, "right": right}


def make_grader(services: Services) -> IsolationGrader:
    return IsolationGrader()
