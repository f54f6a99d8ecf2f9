"""The SQL kind as the core plugs it in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.bank.loader import ContentProblem
from app.kinds.registry import Checker, Kind, Services
from app.kinds.sql.answer import SqlAnswer
from app.kinds.sql.check import check_question
from app.kinds.sql.grader import make_grader
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.grading.verdict import Grader


def make_checker(services: Services) -> Checker[SqlQuestion]:
    grader = Grader(services.engine, services.reference_cache_dir)

    def check(question: SqlQuestion, source: Path) -> list[ContentProblem]:
        return check_question(question, grader, source)

    return check


def public_view(question: SqlQuestion) -> dict[str, Any]:
    return {"dataset": question.dataset}


def solution_view(question: SqlQuestion) -> dict[str, Any]:
    return {"sql": question.solution.sql.strip(), "explanation": question.explanation}


def rules(question: SqlQuestion) -> list[str]:
    return question.grading.policy().describe()


SQL = Kind[SqlQuestion, SqlAnswer](
    name="sql",
    question_model=SqlQuestion,
    answer_model=SqlAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
    page="drill.html",
)
