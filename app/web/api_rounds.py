"""Timed rounds of stages: start, read (the clock comes from the server), advance, finish,
summary.

Routes that write open their unit of work themselves and commit it before they return. The
request-scoped session commits only after FastAPI has validated the response, which it does in
the thread pool: with every pool thread taken by writers waiting for SQLite's write lock, the
lock holder's commit waited for a thread, and the writers waited out the busy timeout.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.bank.models import Difficulty
from app.rounds.plan import StageClock, StageRuleError, current_stage, stage_clocks
from app.rounds.rules import QuestionResult, is_over, remaining_s
from app.rounds.service import (
    RoundError,
    StageRecipe,
    advance,
    question_rows,
    round_summary,
    start_round,
)
from app.store import ONE_STAGE_NAME, Round, finish_round, get_round
from app.web.deps import ClockDep, SessionDep, StoreDep, UserDep, WorkspaceDep
from app.web.errors import ApiError
from app.web.schemas import problem_responses
from app.web.schemas_rounds import (
    AdvanceRequest,
    RoundOut,
    RoundQuestionOut,
    RoundRequest,
    RoundSummaryOut,
    StageOut,
    StageRequest,
    StageSummaryOut,
)

router = APIRouter(prefix="/api/rounds", tags=["rounds"], responses=problem_responses())


@router.post("", response_model=RoundOut, status_code=201, summary="Start a timed round")
def create(
    body: RoundRequest, store: StoreDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> RoundOut:
    """Start a round: given questions, or a recipe (count, topics, difficulty), and a time
    limit; or `stages`, each with its own questions (or recipe) and time limit."""
    with store.session() as session:  # committed in this thread (see the module's docstring)
        try:
            round_ = start_round(
                session,
                questions=workspace.bank.questions,
                user_id=user,
                now=now,
                stages=[_recipe(stage) for stage in _stages(body)],
                pace=body.pace,
                sections_of=workspace.kinds.sections,
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


@router.post("/{round_id}/advance", response_model=RoundOut, summary="Go on to the next stage")
def advance_stage(
    round_id: str,
    body: AdvanceRequest,
    store: StoreDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
) -> RoundOut:
    """Leave stage `leaving` now, which must be the current one (a stale index is a 409
    `stage_already_over`); leaving the last stage finishes the round."""
    with store.session() as session:  # committed in this thread (see the module's docstring)
        try:
            round_ = advance(
                session, round_=find_round(session, user, round_id), leaving=body.leaving, now=now
            )
        except StageRuleError as error:
            status = 422 if error.code == "validation_error" else 409
            raise ApiError(status, error.code, str(error)) from None
        return round_view(session, round_, workspace, now)


@router.get("/{round_id}/summary", response_model=RoundSummaryOut, summary="Round summary")
def summary(
    round_id: str, session: SessionDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> RoundSummaryOut:
    """Score, per-question verdict, time to first correct answer, attempts, hints, weak topics;
    per stage, how long past its budget it ran."""
    round_ = find_round(session, user, round_id)
    result = round_summary(session, round_=round_, questions=workspace.bank.questions)
    clocks = stage_clocks(round_, now)
    return RoundSummaryOut(
        id=round_.id,
        score=result.score,
        out_of=result.out_of,
        questions=_rows(result.questions, workspace),
        topics_to_work_on=result.topics_to_work_on,
        stages=[
            StageSummaryOut(
                position=s.position,
                name=s.name,
                over_budget_s=round(clock.over_budget_s, 3),
                questions=_rows(s.questions, workspace),
            )
            for s, clock in zip(result.stages, clocks, strict=True)
        ],
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
    clocks = stage_clocks(round_, now)
    running = current_stage(clocks)
    return RoundOut(
        id=round_.id,
        started_at=round_.started_at.isoformat(),
        deadline_at=round_.deadline_at.isoformat(),
        finished_at=round_.finished_at.isoformat() if round_.finished_at else None,
        time_limit_s=round_.time_limit_s,
        pace="soft" if round_.pace == "soft" else "strict",
        remaining_s=round(remaining_s(round_, now), 3),
        over=is_over(round_, now),
        questions=_rows(result.questions, workspace),
        stages=[_stage_out(clock, now) for clock in clocks],
        current_stage=running.position if running else None,
    )


def _stage_out(clock: StageClock, now: ClockDep) -> StageOut:
    return StageOut(
        position=clock.position,
        name=clock.name,
        question_ids=clock.question_ids,
        section=clock.section,
        time_limit_s=clock.time_limit_s,
        started_at=clock.started_at.isoformat(),
        deadline_at=clock.deadline_at.isoformat(),
        remaining_s=round(clock.remaining_s, 3),
        over_budget_s=round(clock.over_budget_s, 3),
        status=clock.status,
    )


def _stages(body: RoundRequest) -> list[StageRequest]:
    """The request's stages; today's one-stage shape is a plan of one stage."""
    if body.stages is not None:
        return body.stages
    fields = body.model_dump(include={"question_ids", "count", "topics", "difficulty", "kind"})
    return [StageRequest(name=ONE_STAGE_NAME, time_limit_s=body.time_limit_s or 0, **fields)]


def _recipe(stage: StageRequest) -> StageRecipe:
    return StageRecipe(
        name=stage.name,
        time_limit_s=stage.time_limit_s,
        question_ids=stage.question_ids,
        count=stage.count,
        topics=stage.topics,
        difficulty=Difficulty(stage.difficulty) if stage.difficulty else None,
        section=stage.section,
        kind=stage.kind,
    )


def _rows(results: list[QuestionResult], workspace: WorkspaceDep) -> list[RoundQuestionOut]:
    return [
        RoundQuestionOut.model_validate(row)
        for row in question_rows(results, workspace.bank.questions)
    ]
