"""What every kind's own page starts from: the question, its rules, the hints revealed so far,
whether it was solved before and the round it is in, read from the kind's public view (what the
question API shows, never an answer); and under `page` the data its script starts from. Each
page adds what only it shows. Whether model feedback is on is added for every kind's page (the
body's data-model-feedback): it is the server's, not the question's."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.outcome import is_solved
from app.store import Round, attempts_for_question, hints_revealed
from app.web.api_catalog import summary
from app.web.schemas_rounds import RoundOut
from app.workspace import Workspace


def kind_page_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """The context every kind's page shares. The solution opens once the round is over; in
    practice, unless the question waits in a `running` round."""
    kind = workspace.kinds[question.kind]
    view = kind.public_view(question)
    round_id = round_.id if round_ else None
    revealed = hints_revealed(session, user_id=user, question_id=question.id, round_id=round_id)
    page = {
        "question_id": question.id,
        "view": view,
        "hints_remaining": len(question.hints) - revealed,
        "solution_open": round_.over if round_ else running is None,
        "round": round_.model_dump() if round_ else None,
    }
    return {
        "question": question,
        "detail": summary(question),
        "grading": kind.rules(question),
        "view": view,
        "hints": question.hints[:revealed],
        "solved_before": solved_before(session, user, question),
        "round": round_,
        "running_round": running.id if running else None,
        "page": page,
    }


def solved_before(session: Session, user: int, question: Question) -> bool:
    """Whether any attempt at the question, in practice or a round, solved it."""
    attempts = attempts_for_question(session, user_id=user, question_id=question.id)
    return any(is_solved(a.score) for a in attempts)


def model_feedback_on(request: Request) -> bool:
    """Whether a model gives feedback beside the offline grader (the lifespan sets it up only
    when an endpoint and a model are configured)."""
    return getattr(request.app.state, "model_feedback", None) is not None
