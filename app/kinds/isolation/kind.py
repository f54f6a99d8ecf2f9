"""The isolation kind as the core plugs it in."""

from __future__ import annotations

from typing import Any

from app.kinds.isolation.answer import IsolationAnswer
from app.kinds.isolation.check import IsolationChecker
from app.kinds.isolation.claims import outcome_text
from app.kinds.isolation.grader import make_grader
from app.kinds.isolation.models import IsolationQuestion
from app.kinds.registry import Checker, Kind, Services


def make_checker(services: Services) -> Checker[IsolationQuestion]:
    return IsolationChecker(services.captures() / "isolation")


def public_view(question: IsolationQuestion) -> dict[str, Any]:
    """The setup, the sessions and the steps as a timeline, the asks and their options; never
    an outcome."""
    return {
        "setup": question.setup,
        "sessions": {
            name: session.model_dump(mode="json") for name, session in question.sessions.items()
        },
        "steps": [
            {"step": number, "session": step.session, "sql": step.sql}
            for number, step in enumerate(question.steps, start=1)
        ],
        "asks": [
            {
                "id": ask.id,
                "step": ask.step,
                "prompt": ask.question(),
                "options": question.option_texts(ask),
            }
            for ask in question.asks
        ],
    }


def solution_view(question: IsolationQuestion) -> dict[str, Any]:
    """Every step's recorded outcome (in words and as recorded), and each ask's right option
    with its explanation."""
    statements = question.interleaving().statements()
    steps = [
        {
            "step": number,
            "outcome": outcome_text(step.outcome, statements, number),
            "recorded": step.outcome.model_dump(mode="json"),
        }
        for number, step in enumerate(question.steps, start=1)
    ]
    asks = {
        ask.id: {"answer": question.right_option(ask), "explanation": ask.explanation}
        for ask in question.asks
    }
    return {"explanation": question.explanation, "reference": {"steps": steps, "asks": asks}}


def rules(question: IsolationQuestion) -> list[str]:
    return [
        "Each step runs on its session's own connection, in the order shown; a bare BEGIN "
        "starts a transaction at the session's isolation level, and a statement outside "
        "BEGIN ... COMMIT commits on its own.",
        "Pick one option per ask. An option says whether the step waits on a lock (and which "
        "later step lets it finish), whether it fails (with its SQLSTATE), and what it returns "
        "or changes.",
        f"Each ask is right or wrong; the score is the share right of the {len(question.asks)}, "
        "and the question is solved when all are right.",
        "Every outcome was recorded from PostgreSQL 15 running these very steps on two "
        "connections; the outcome of every step is shown once you solve it or give up.",
    ]


ISOLATION = Kind[IsolationQuestion, IsolationAnswer](
    name="isolation",
    question_model=IsolationQuestion,
    answer_model=IsolationAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
    page="isolation.html",
)
