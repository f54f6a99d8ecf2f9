"""Answering a question: submit (graded, recorded, idempotent), hints one at a time, give up."""

from __future__ import annotations

import hashlib
import time
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.bank.models import Question
from app.rounds.rules import is_over
from app.sqlengine.grade import Verdict
from app.store import (
    GradedOutcome,
    Round,
    add_attempt,
    find_idempotent,
    hints_revealed,
    record_hint,
    running_round_with,
    save_idempotent,
)
from app.web.api_catalog import find_question
from app.web.api_rounds import find_round
from app.web.deps import ClientDep, ClockDep, MetricsDep, StoreDep, UserDep, WorkspaceDep
from app.web.errors import ApiError
from app.web.fair_use import TOO_MANY_QUERIES
from app.web.schemas import (
    ColumnOut,
    DiagnosticOut,
    HintOut,
    HintRequest,
    SolutionOut,
    SubmitRequest,
    SubmitResponse,
    problem_responses,
)
from app.workspace import json_rows, jsonable

router = APIRouter(prefix="/api", tags=["practice"], responses=problem_responses())
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


@router.post("/sql/submit", response_model=SubmitResponse, responses=TOO_MANY_QUERIES)
def submit(
    body: SubmitRequest,
    store: StoreDep,
    user: UserDep,
    workspace: WorkspaceDep,
    metrics: MetricsDep,
    now: ClockDep,
    client: ClientDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Grade an answer and record it. A retry with the same Idempotency-Key returns the stored
    result and records nothing twice. After a round's deadline the answer is still graded, but
    marked late and not counted. (A plain function: FastAPI runs it in a worker thread, so its
    blocking database and grading calls never stall the event loop.)"""
    request_hash = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    question = find_question(workspace, body.question_id)
    with store.session() as session:  # short units of work: no connection is held while grading
        if idempotency_key and (replay := _replay(session, user, idempotency_key, request_hash)):
            return replay
        round_ = _round_for(session, user, body.round_id, question)
    verdict = _grade(workspace, metrics, question, body, client)  # 429: nothing is recorded
    with store.session() as session:
        return _record(
            session, user, question, body, verdict, round_, now, idempotency_key, request_hash
        )


def _record(
    session: Session,
    user: int,
    question: Question,
    body: SubmitRequest,
    verdict: Verdict,
    round_: Round | None,
    now: datetime,
    idempotency_key: str | None,
    request_hash: str,
) -> SubmitResponse:
    """Store the attempt (and the idempotent answer) in one unit of work."""
    attempt = add_attempt(
        session,
        user_id=user,
        question_id=question.id,
        kind=question.kind,
        answer={"sql": body.sql, "dialect": body.dialect},
        outcome=_outcome(verdict, question),
        round_=round_,
        now=now,
        hints_used=hints_revealed(
            session, user_id=user, question_id=question.id, round_id=body.round_id
        ),
    )
    response = _response(
        verdict, question, attempt.id, round_, attempt.late, attempt.elapsed_s_in_round
    )
    if idempotency_key:
        _remember(session, user, idempotency_key, request_hash, response)
    return response


def _outcome(verdict: Verdict, question: Question) -> GradedOutcome:
    """The verdict in the store's terms: all or nothing, and a wrong answer misses the
    question's topics (what the candidate should work on)."""
    solved = verdict.status == "correct"
    details = {
        "diagnostics": jsonable(verdict.diagnostics),
        "error": verdict.error,
        "row_count": verdict.row_count,
    }
    missed = [] if solved else list(question.topics)
    return GradedOutcome(str(verdict.status), 1.0 if solved else 0.0, details, missed)


@router.post("/questions/{question_id}/hints", response_model=HintOut)
def next_hint(
    question_id: str,
    store: StoreDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
    body: HintRequest | None = None,
) -> HintOut:
    """Reveal the next hint (each reveal is recorded and shown in the round summary)."""
    question = find_question(workspace, question_id)
    with store.session() as session:  # committed in this thread (see api_rounds.py)
        return _reveal_hint(session, user, question, body.round_id if body else None, now)


def _reveal_hint(
    session: Session, user: int, question: Question, round_id: str | None, now: datetime
) -> HintOut:
    round_ = _round_for(session, user, round_id, question)
    if round_ is not None and is_over(round_, now):
        raise ApiError(409, "round_expired", "The round is over: hints are closed. Review it.")
    index = hints_revealed(session, user_id=user, question_id=question.id, round_id=round_id)
    if index >= len(question.hints):
        raise ApiError(409, "no_more_hints", "Every hint is shown already.")
    record_hint(
        session, user_id=user, question_id=question.id, round_id=round_id, hint_index=index, now=now
    )
    return HintOut(
        index=index, text=question.hints[index], remaining=len(question.hints) - index - 1
    )


@router.post("/questions/{question_id}/give-up", response_model=SolutionOut)
def give_up(
    question_id: str, store: StoreDep, user: UserDep, workspace: WorkspaceDep, now: ClockDep
) -> SolutionOut:
    """The reference solution and its explanation; while the question is in one of your
    running rounds it stays closed, as a mock interview would keep it."""
    question = find_question(workspace, question_id)
    with store.session() as session:
        running = running_round_with(session, user_id=user, question_id=question.id, now=now)
    if running is not None:
        raise ApiError(
            409,
            "round_running",
            "This question is in a round that is still running: its solution opens when the "
            "round ends (finish the round to see it now).",
        )
    return SolutionOut(sql=question.solution.sql.strip(), explanation=question.explanation)


class ConcurrentRetry(Exception):
    """Another request with the same key stored its answer first: undo ours, replay theirs."""

    def __init__(self, status_code: int, response: dict[str, Any]) -> None:
        super().__init__("replay")
        self.status_code, self.response = status_code, response


def _remember(
    session: Session, user: int, key: str, request_hash: str, response: SubmitResponse
) -> None:
    body = response.model_dump(mode="json")
    record = save_idempotent(
        session, user_id=user, key=key, request_hash=request_hash, status_code=200, response=body
    )
    if record.response.get("attempt_id") != response.attempt_id:
        raise ConcurrentRetry(record.status_code, dict(record.response))  # rolls back our attempt


async def replay_concurrent_retry(request: Request, error: Exception) -> JSONResponse:
    """The answer for the loser of a race between two requests with one Idempotency-Key."""
    assert isinstance(error, ConcurrentRetry)
    return JSONResponse(
        error.response, status_code=error.status_code, headers={"Idempotent-Replayed": "true"}
    )


def _replay(session: Session, user: int, key: str, request_hash: str) -> Response | None:
    record = find_idempotent(session, user_id=user, key=key)
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise ApiError(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request; use a new key.",
        )
    return JSONResponse(
        record.response, status_code=record.status_code, headers={"Idempotent-Replayed": "true"}
    )


def _round_for(
    session: Session, user: int, round_id: str | None, question: Question
) -> Round | None:
    if round_id is None:
        return None
    round_ = find_round(session, user, round_id)
    if question.id not in round_.question_ids:
        raise ApiError(422, "not_in_round", f"Question {question.id!r} is not part of this round.")
    return round_


def _grade(
    workspace: WorkspaceDep,
    metrics: MetricsDep,
    question: Question,
    body: SubmitRequest,
    client: str,
) -> Verdict:
    started = time.perf_counter()
    verdict = workspace.grader.grade(question.reference(), body.sql, body.dialect, client)
    metrics.queries.labels("submit").observe(time.perf_counter() - started)
    metrics.verdicts.labels(str(verdict.status)).inc()
    return verdict


def _response(
    verdict: Verdict,
    question: Question,
    attempt_id: int,
    round_: Round | None,
    late: bool,
    elapsed: float | None,
) -> SubmitResponse:
    result = verdict.result
    solved = verdict.status == "correct"
    return SubmitResponse(
        attempt_id=attempt_id,
        status=str(verdict.status),
        diagnostics=[DiagnosticOut.model_validate(jsonable(d)) for d in verdict.diagnostics],
        error=verdict.error,
        grading=verdict.policy,
        row_count=verdict.row_count,
        expected_row_count=verdict.expected_row_count,
        columns=[ColumnOut(name=c.name, type=c.type) for c in result.columns] if result else [],
        rows=json_rows(result.rows) if result else [],
        row_marks=verdict.row_marks,
        expected_columns=verdict.expected_columns,
        round_id=round_.id if round_ else None,
        late=late,
        elapsed_s_in_round=elapsed,
        solution=SolutionOut(sql=question.solution.sql.strip(), explanation=question.explanation)
        if solved
        else None,
        cached=verdict.cached,
    )
