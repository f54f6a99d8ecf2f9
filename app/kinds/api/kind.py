"""The API-design kind as the core plugs it in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.bank.loader import ContentProblem
from app.kinds.api.answer import ApiAnswer
from app.kinds.api.check import check_question
from app.kinds.api.grader import make_grader
from app.kinds.api.models import ApiQuestion
from app.kinds.api.rules import TITLES, title
from app.kinds.registry import Checker, Kind, Services


def make_checker(services: Services) -> Checker[ApiQuestion]:
    def check(question: ApiQuestion, source: Path) -> list[ContentProblem]:
        return check_question(question, source)

    return check


def public_view(question: ApiQuestion) -> dict[str, Any]:
    """The actions to serve and what the design is judged on; never the reference."""
    return {
        "actions": [action.model_dump() for action in question.actions],
        "criteria": [
            {"id": rule, "title": TITLES[rule]} for rule in ("operations_present", "one_round_trip")
        ]
        + [{"id": check.criterion_id, "title": title(check)} for check in question.checks],
        "formats": ["openapi", "table"],
    }


def solution_view(question: ApiQuestion) -> dict[str, Any]:
    reference = {"document": question.reference.document, "rationale": question.reference.rationale}
    return {"explanation": question.explanation, "reference": reference}


def rules(question: ApiQuestion) -> list[str]:
    return [
        "Answer with an OpenAPI 3.1 document (YAML or JSON) or an endpoint table; a short "
        "rationale is shown back but not graded.",
        "The document is validated first: an invalid one gets only its errors, each with "
        "its line, and scores 0.",
        "A valid design is judged on every criterion listed, met, partial or missing, "
        "quoting your lines; the score is their mean.",
        "Paths match by shape: /payments/{id} is /payments/{paymentId}; a path that names "
        "a version (/v1/...) needs that version; header names match in any case, and $refs "
        "are followed.",
    ]


API = Kind[ApiQuestion, ApiAnswer](
    name="api",
    question_model=ApiQuestion,
    answer_model=ApiAnswer,
    make_grader=make_grader,
    make_checker=make_checker,
    public_view=public_view,
    solution_view=solution_view,
    rules=rules,
    page="api.html",
)
