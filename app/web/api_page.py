"""The API-design prompt's page: the prompt, the user actions the API must serve and what the
design is judged on, read from the kind's public view (never the reference), and the data the
page script starts from."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.api.models import ApiQuestion
from app.store import Round, hints_revealed
from app.web.api_catalog import summary
from app.web.dbdepth_page import solved_before
from app.web.schemas_rounds import RoundOut
from app.workspace import Workspace


def api_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """The page's context, and the data its script starts from."""
    assert isinstance(question, ApiQuestion), "the page is the api kind's"
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
