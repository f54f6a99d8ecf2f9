"""Timed SQL rounds: start, read (the clock comes from the server), finish, summary.

Routes that write open their unit of work themselves and commit it before they return. The
request-scoped session commits only after FastAPI has validated the response, which it does in
the thread pool: with every pool thread taken by writers waiting for SQLite's write lock, the
lock holder's commit waited for a thread, and the writers waited out the busy timeout.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.bank.models import Difficulty
from app.rounds.rules import RoundSummary, is_over, remaining_s
from app.rounds.service import RoundError, question_rows, round_summary, start_round
from app.store import Round, finish_round, get_round
from app.web.deps import ClockDep, SessionDep, StoreDep, UserDep, WorkspaceDep
from app.web.errors import ApiError
from app.web.schemas import (
    RoundOut,
    RoundQuestionOut,
    RoundRequest,
    RoundSummaryOut,
    problem_responses,
)

router = APIRouter(prefix="/api/rounds", tags=["rounds"], responses=problem_responses())


@router.post("", response_model=RoundOut, status_code=201, summary="Start a timed round")
def create(
    body: RoundRequest, store: StoreDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> RoundOut:
    """Start a round: given questions, or a recipe (count, topics, difficulty), and a time limit."""
    with store.session() as session:  # committed in this thread (see the module's docstring)
        try:
            round_ = start_round(
                session,
                questions=workspace.bank.questions,
                user_id=user,
                now=now,
                question_ids=body.question_ids,
                count=body.count,
                topics=body.topics,
                difficulty=Difficulty(body.difficulty) if body.difficulty else None,
                time_limit_s=body.time_limit_s,
            )
        except RoundError as error:
            raise ApiError(422, "validation_error", str(error)) from None
        return round_view(session, round_, workspace, now)


@router.get("/{round_id}", response_model=RoundOut, summary="Read a round and its clock")
def read(
    round_id: str, session: SessionDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> RoundOut:
    """The round with the time left on the server's clock and each question's status."""
    return round_view(session, find_round(session, user, round_id), workspace, now)


@router.post("/{round_id}/finish", response_model=RoundOut, summary="Finish a round early")
def finish(
    round_id: str, store: StoreDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> RoundOut:
    """End the round now (finishing twice keeps the first time)."""
    with store.session() as session:  # committed in this thread (see the module's docstring)
        round_ = finish_round(session, round_=find_round(session, user, round_id), now=now)
        return round_view(session, round_, workspace, now)


@router.get("/{round_id}/summary", response_model=RoundSummaryOut, summary="Round summary")
def summary(
    round_id: str, session: SessionDep, user: UserDep, workspace: WorkspaceDep
) -> RoundSummaryOut:
    """Score, per-question verdict, time to first correct answer, attempts, hints, weak topics."""
    round_ = find_round(session, user, round_id)
    result = round_summary(session, round_=round_, questions=workspace.bank.questions)
    return RoundSummaryOut(
        id=round_.id,
        score=result.score,
        out_of=result.out_of,
        questions=_rows(result, workspace),
        topics_to_work_on=result.topics_to_work_on,
    )


def find_round(session: SessionDep, user: int, round_id: str) -> Round:
    round_ = get_round(session, user_id=user, round_id=round_id)
    if round_ is None:
        raise ApiError(404, "not_found", f"There is no round {round_id!r}.")
    return round_


def round_view(
    session: SessionDep, round_: Round, workspace: WorkspaceDep, now: ClockDep
) -> RoundOut:
    """The round with its clock and each question's status, as the API shows it."""
    result = round_summary(session, round_=round_, questions=workspace.bank.questions)
    return RoundOut(
        id=round_.id,
        started_at=round_.started_at.isoformat(),
        deadline_at=round_.deadline_at.isoformat(),
        finished_at=round_.finished_at.isoformat() if round_.finished_at else None,
        time_limit_s=round_.time_limit_s,
        remaining_s=round(remaining_s(round_, now), 3),
        over=is_over(round_, now),
        questions=_rows(result, workspace),
    )


def _rows(result: RoundSummary, workspace: WorkspaceDep) -> list[RoundQuestionOut]:
    return [
        RoundQuestionOut.model_validate(row)
        for row in question_rows(result, workspace.bank.questions)
    ]
