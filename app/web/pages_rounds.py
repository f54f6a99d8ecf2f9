"""Pages of a timed round: its questions (the drill page with a clock) and its summary."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.rounds.progress import timeline
from app.rounds.service import round_summary
from app.store import attempts_for_round
from app.web.api_catalog import find_question
from app.web.api_rounds import find_round, round_view
from app.web.deps import ClockDep, SessionDep, UserDep, WorkspaceDep
from app.web.errors import ApiError
from app.web.pages import question_page
from app.web.schemas_rounds import RoundOut
from app.web.templating import render

router = APIRouter(prefix="/rounds", include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/{round_id}", response_model=None)
def round_start(
    round_id: str, session: SessionDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> RedirectResponse:
    """A round opens on its first question not yet solved (the summary once it is over)."""
    view = round_view(session, find_round(session, user, round_id), workspace, now)
    if view.over:
        return RedirectResponse(f"/rounds/{round_id}/summary", status_code=303)
    pending = [q for q in view.questions if q.status != "correct"] or view.questions
    return RedirectResponse(_question_url(view, pending[0].question_id), status_code=303)


@router.get("/{round_id}/questions/{question_id}")
def round_question(
    request: Request,
    round_id: str,
    question_id: str,
    session: SessionDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
) -> HTMLResponse:
    """A question inside a round: the countdown, the navigator and the editor."""
    view = round_view(session, find_round(session, user, round_id), workspace, now)
    if question_id not in {q.question_id for q in view.questions}:
        raise ApiError(404, "not_found", f"Question {question_id!r} is not part of this round.")
    question = find_question(workspace, question_id)
    return question_page(request, session, user, workspace, question, view)


@router.get("/{round_id}/summary")
def summary_page(
    request: Request,
    round_id: str,
    session: SessionDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
) -> HTMLResponse:
    """Score, per-question verdicts, time to first correct, hints, topics and a timeline."""
    round_ = find_round(session, user, round_id)
    questions = workspace.bank.questions
    context = {
        "round": round_view(session, round_, workspace, now),
        "summary": round_summary(session, round_=round_, questions=questions),
        "timeline": timeline(round_, attempts_for_round(session, round_id=round_id)),
        "titles": {qid: questions[qid].title for qid in round_.question_ids if qid in questions},
    }
    return render(request, "summary.html", context)


def _question_url(view: RoundOut, question_id: str) -> str:
    return f"/rounds/{view.id}/questions/{question_id}"
