"""The API-design prompt's page: the prompt, the user actions the API must serve and what the
design is judged on, read from the kind's public view (never the reference), and the data the
page script starts from."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.api.models import ApiQuestion
from app.store import Round
from app.web.kind_page import kind_page_context
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
    return kind_page_context(session, user, workspace, question, round_, running)
