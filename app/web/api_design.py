"""System-design walkthroughs: the JSON a walkthrough page rebuilds itself from."""

from __future__ import annotations

from fastapi import APIRouter

from app.kinds.design.models import DesignQuestion
from app.store import attempts_in_round_for_question
from app.web.api_catalog import find_question
from app.web.api_rounds import find_round
from app.web.deps import ClockDep, SessionDep, UserDep, WorkspaceDep
from app.web.errors import ApiError
from app.web.schemas import problem_responses
from app.web.walkthrough import WalkthroughOut, walkthrough

router = APIRouter(prefix="/api", tags=["design"], responses=problem_responses())


@router.get(
    "/questions/{question_id}/walkthrough",
    response_model=WalkthroughOut,
    summary="A system-design walkthrough in its round",
)
def read_walkthrough(
    question_id: str,
    round_id: str,
    session: SessionDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
) -> WalkthroughOut:
    """Per stage: its plan, clock and latest feedback; its reference only once it is over;
    the overall level once every stage has feedback."""
    question = find_question(workspace, question_id)
    if not isinstance(question, DesignQuestion):
        raise ApiError(404, "not_found", f"{question_id!r} is not a system-design prompt.")
    round_ = find_round(session, user, round_id)
    if question.id not in round_.question_ids:
        raise ApiError(404, "not_found", f"Question {question_id!r} is not part of this round.")
    attempts = attempts_in_round_for_question(
        session, user_id=user, round_id=round_.id, question_id=question.id
    )
    return walkthrough(question, round_, attempts, now)
