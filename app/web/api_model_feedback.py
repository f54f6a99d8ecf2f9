"""Model feedback on a recorded answer, streamed as server-sent events, and the replies to an
interviewer's follow-up questions (app/practice/follow_ups.py). The answer is recorded before
any of this: a slow, failing or absent model never costs the candidate anything."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from app.feedback.llm.notices import notice
from app.feedback.llm.service import Event, ModelFeedback
from app.feedback.llm.task import MAX_FOLLOW_UPS, FeedbackTask, LlmReply
from app.practice.follow_ups import (
    MAX_REPLIES,
    answer_follow_ups,
    attempt_of,
    saved_replies,
    task_of,
)
from app.store import Store
from app.store.llm_repository import StoreBudget, StoreCache
from app.web.deps import ClockDep, PracticeDep, UserDep
from app.web.schemas import problem_responses

router = APIRouter(prefix="/api/attempts", tags=["model feedback"], responses=problem_responses())
log = logging.getLogger("drill.llm")
AttemptId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The recorded answer's id.")]
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@router.get(
    "/{attempt_id}/llm-feedback",
    summary="Stream model feedback on a recorded answer",
    response_class=StreamingResponse,
)
def stream_feedback(
    attempt_id: AttemptId,
    request: Request,
    practice: PracticeDep,
    user: UserDep,
    replies: Annotated[bool, Query(description="With the saved follow-up replies")] = False,
) -> StreamingResponse:
    """Server-sent events: `start`, a `criterion` per criterion as the model finishes it (the
    model's verdict, grounded, beside the offline one), then `done`; or `fallback` with a
    one-line notice, after which the offline feedback stands (docs/llm.md)."""
    attempt = attempt_of(practice, user_id=user, attempt_id=attempt_id)
    answers = saved_replies(practice, user_id=user, attempt_id=attempt_id) if replies else []
    task = task_of(practice, attempt, answers)
    service: ModelFeedback | None = getattr(request.app.state, "model_feedback", None)
    events = _events(service, task, practice.store)
    return StreamingResponse(_sse(events), media_type="text/event-stream", headers=SSE_HEADERS)


def _events(
    service: ModelFeedback | None, task: FeedbackTask | None, store: Store
) -> Iterator[Event]:
    if service is None or task is None:
        reason = "off" if service is None else "unsupported"
        yield "fallback", {"reason": reason, "notice": notice(reason)}
        return
    try:
        cache, budget = StoreCache(store, service.clock), StoreBudget(store, service.clock)
        yield from service.events(task, cache, budget)
    except Exception:  # a defect of ours must not reach the candidate as a broken page
        log.exception("model feedback failed")
        yield "fallback", {"reason": "unavailable", "notice": notice("unavailable")}


def _sse(events: Iterator[Event]) -> Iterator[str]:
    for name, data in events:
        yield f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=1000)
    reply: str = Field(min_length=1, max_length=5000)


class RepliesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    replies: list[Reply] = Field(min_length=1, max_length=MAX_REPLIES)


class RepliesOut(BaseModel):
    replies: list[Reply]
    feedback: dict[str, Any]  # the answer's offline feedback graded with the replies
    moved: list[dict[str, str]]  # criteria whose verdict the replies changed


@router.post(
    "/{attempt_id}/follow-ups",
    status_code=201,
    response_model=RepliesOut,
    summary="Answer the follow-up questions",
)
def answer(
    attempt_id: AttemptId,
    body: RepliesIn,
    request: Request,
    practice: PracticeDep,
    user: UserDep,
    now: ClockDep,
) -> RepliesOut:
    """Save the replies (replacing earlier ones) and grade the answer again with them; the
    recorded attempt and its score do not change."""
    attempt = attempt_of(practice, user_id=user, attempt_id=attempt_id)
    pairs = [(item.question, item.reply) for item in body.replies]
    service = getattr(request.app.state, "model_feedback", None)
    asked = partial(_asked_by_model, service, practice.store)
    answered = answer_follow_ups(practice, attempt, pairs, now, asked)
    return _out(answered.replies, answered.feedback.model_dump(mode="json"), answered.moved)


def _asked_by_model(service: ModelFeedback | None, store: Store, task: FeedbackTask) -> list[str]:
    """The follow-up questions the model asked about this answer (its reply, from the cache)."""
    if service is None:
        return []
    stored = StoreCache(store, service.clock).get(service.cache_key(task))
    if stored is None:
        return []
    return LlmReply.model_validate(stored["reply"]).follow_ups[:MAX_FOLLOW_UPS]


@router.get("/{attempt_id}/follow-ups", response_model=RepliesOut, summary="Read the replies")
def read(attempt_id: AttemptId, practice: PracticeDep, user: UserDep) -> RepliesOut:
    """The saved replies and the answer graded with them (no replies: the recorded feedback)."""
    attempt = attempt_of(practice, user_id=user, attempt_id=attempt_id)
    pairs = saved_replies(practice, user_id=user, attempt_id=attempt_id)
    task = task_of(practice, attempt, pairs)
    feedback = task.offline.model_dump(mode="json") if task else attempt.details.get("feedback", {})
    return _out(pairs, feedback, [])


def _out(
    pairs: list[tuple[str, str]], feedback: dict[str, Any], moved: list[dict[str, str]]
) -> RepliesOut:
    replies = [Reply(question=question, reply=reply) for question, reply in pairs]
    return RepliesOut(replies=replies, feedback=feedback, moved=moved)
