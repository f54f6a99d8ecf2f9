"""Answering a SQL question (graded, recorded, idempotent), hints one at a time, give up.

Every answer goes through the practice service (app/practice/); these routes parse, call it
and render. (Plain functions: FastAPI runs them in a worker thread, so the service's blocking
database and grading calls never stall the event loop, and its units of work commit there.)
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from app.kinds.sql.answer import SqlAnswer
from app.kinds.sql.kind import SQL
from app.practice import help
from app.practice.errors import ConcurrentRetry
from app.practice.idempotency import Replay, request_hash
from app.practice.service import Answered, Submission
from app.web.deps import ClientDep, ClockDep, PracticeDep, UserDep
from app.web.errors import ApiError
from app.web.fair_use import TOO_MANY_QUERIES
from app.web.schemas import (
    HintOut,
    HintRequest,
    ReferenceOut,
    SolutionOut,
    SubmitRequest,
    SubmitResponse,
    problem_responses,
)

router = APIRouter(prefix="/api", tags=["practice"], responses=problem_responses())
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
REPLAYED = {"Idempotent-Replayed": "true"}


@router.post("/sql/submit", response_model=SubmitResponse, responses=TOO_MANY_QUERIES)
def submit(
    body: SubmitRequest,
    practice: PracticeDep,
    user: UserDep,
    now: ClockDep,
    client: ClientDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Grade an answer and record it. A retry with the same Idempotency-Key returns the stored
    result and records nothing twice. After a round's deadline the answer is still graded, but
    marked late and not counted."""
    question = practice.question(body.question_id)
    if question.kind != SQL.name:
        detail = f"{question.id!r} is a {question.kind} question: answer it with POST "
        detail += f"/api/questions/{question.id}/answers."
        raise ApiError(422, "wrong_kind", detail)
    submission = Submission(
        user_id=user,
        question=question,
        answer=SqlAnswer(sql=body.sql, dialect=body.dialect),
        round_id=body.round_id,
        now=now,
        client=client,
        idempotency_key=idempotency_key,
        fingerprint=request_hash(body),
    )
    return rendered(practice.answer(submission, _sql_response))


def rendered(result: dict[str, Any] | Replay) -> Any:
    """A fresh response as the route's model, or the stored one marked as replayed."""
    if isinstance(result, Replay):
        return JSONResponse(result.body, status_code=result.status_code, headers=REPLAYED)
    return result


def _sql_response(answered: Answered) -> dict[str, Any]:
    outcome, solution = answered.outcome, answered.solution
    response = SubmitResponse(
        attempt_id=answered.attempt_id,
        status=outcome.status,
        **outcome.details,
        **outcome.shown,
        round_id=answered.round_id,
        late=answered.late,
        elapsed_s_in_round=answered.elapsed_s_in_round,
        solution=SolutionOut.model_validate(solution) if solution else None,
    )
    return response.model_dump(mode="json")


@router.post("/questions/{question_id}/hints", response_model=HintOut)
def next_hint(
    question_id: str,
    practice: PracticeDep,
    user: UserDep,
    now: ClockDep,
    body: HintRequest | None = None,
) -> HintOut:
    """Reveal the next hint (each reveal is recorded and shown in the round summary)."""
    question = practice.question(question_id)
    round_id = body.round_id if body else None
    hint = help.reveal_hint(practice, user_id=user, question=question, round_id=round_id, now=now)
    return HintOut(index=hint.index, text=hint.text, remaining=hint.remaining)


@router.post("/questions/{question_id}/give-up", response_model=SolutionOut | ReferenceOut)
def give_up(question_id: str, practice: PracticeDep, user: UserDep, now: ClockDep) -> Any:
    """The reference solution and its explanation (SQL: `sql` and `explanation`); while the
    question is in one of your running rounds it stays closed, as a mock interview would."""
    question = practice.question(question_id)
    return help.give_up(practice, user_id=user, question=question, now=now)


async def replay_concurrent_retry(request: Request, error: Exception) -> JSONResponse:
    """The answer for the loser of a race between two requests with one Idempotency-Key."""
    assert isinstance(error, ConcurrentRetry)
    return JSONResponse(error.response, status_code=error.status_code, headers=REPLAYED)
