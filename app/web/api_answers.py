"""Answering a question of any kind: one route, the answer in the question's kind's terms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from app.bank.models import Question
from app.practice.idempotency import request_hash
from app.practice.service import Answered, Practice, Submission
from app.web.api_practice import IdempotencyKey, rendered
from app.web.deps import ClientDep, ClockDep, PracticeDep, UserDep
from app.web.fair_use import TOO_MANY_QUERIES
from app.web.schemas import AnswerRequest, AnswerResponse, problem_responses

router = APIRouter(prefix="/api", tags=["practice"], responses=problem_responses())


class _Fingerprint(BaseModel):
    question_id: str
    request: AnswerRequest


@router.post(
    "/questions/{question_id}/answers", response_model=AnswerResponse, responses=TOO_MANY_QUERIES
)
def answer(
    question_id: str,
    body: AnswerRequest,
    practice: PracticeDep,
    user: UserDep,
    now: ClockDep,
    client: ClientDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Grade an answer to a question of any kind and record it; `answer` is checked against the
    kind's answer model (a 422 names the fields). Idempotency-Key and rounds work as on
    /api/sql/submit: a retry replays the stored response; late answers are graded, not counted."""
    question = practice.question(question_id)
    submission = Submission(
        user_id=user,
        question=question,
        answer=_parsed(practice, question, body.answer),
        round_id=body.round_id,
        now=now,
        client=client,
        idempotency_key=idempotency_key,
        fingerprint=request_hash(_Fingerprint(question_id=question.id, request=body)),
    )
    return rendered(practice.answer(submission, _response))


def _parsed(practice: Practice, question: Question, answer: dict[str, Any]) -> BaseModel:
    """The kind's answer, or the 422 every body error gets, its fields under `answer`."""
    try:
        return practice.parse_answer(question, answer)
    except ValidationError as error:
        errors = [{**e, "loc": ("body", "answer", *e["loc"])} for e in error.errors()]
        raise RequestValidationError(errors) from None


def _response(answered: Answered) -> dict[str, Any]:
    outcome = answered.outcome
    response = AnswerResponse(
        attempt_id=answered.attempt_id,
        question_id=answered.question.id,
        kind=answered.question.kind,
        status=outcome.status,
        score=outcome.score,
        solved=outcome.solved,
        details={**outcome.details, **outcome.shown},
        missed=list(outcome.missed),
        late=answered.late,
        elapsed_s_in_round=answered.elapsed_s_in_round,
        round_id=answered.round_id,
        solution=answered.solution,
    )
    return response.model_dump(mode="json")
