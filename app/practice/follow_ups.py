"""Model feedback and follow-up questions on a recorded answer: the task a kind makes of the
attempt (with its saved replies, if asked), and the replies saved and graded with the answer.
The attempt itself is never changed: its score is the timed answer's."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.feedback.llm.task import FeedbackTask, Replies
from app.feedback.model import Feedback
from app.practice.errors import PracticeError
from app.practice.service import Practice
from app.store.llm_repository import replies_of, save_replies
from app.store.models import Attempt

MAX_REPLIES = 2


@dataclass(frozen=True)
class Answered:
    """Saved replies and the answer's feedback graded again with them."""

    replies: list[tuple[str, str]]
    feedback: Feedback
    moved: list[dict[str, str]]  # criteria whose verdict the replies changed


def attempt_of(practice: Practice, *, user_id: int, attempt_id: int) -> Attempt:
    with practice.store.session() as session:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None or attempt.user_id != user_id:
            raise PracticeError(404, "not_found", f"There is no recorded answer {attempt_id}.")
        session.expunge(attempt)
        return attempt


def saved_replies(practice: Practice, *, user_id: int, attempt_id: int) -> list[tuple[str, str]]:
    with practice.store.session() as session:
        rows = replies_of(session, user_id=user_id, attempt_id=attempt_id)
        return [(row.question, row.reply) for row in rows]


def task_of(practice: Practice, attempt: Attempt, replies: Replies = ()) -> FeedbackTask | None:
    """The attempt as a task for model feedback; None when its kind has none."""
    kind = practice.workspace.kinds[attempt.kind]
    question = practice.workspace.bank.questions.get(attempt.question_id)
    if kind.feedback_task is None or question is None or "feedback" not in attempt.details:
        return None
    answer = kind.answer_model.model_validate(attempt.answer)
    return kind.feedback_task(question, answer, attempt.details, replies)


def answer_follow_ups(
    practice: Practice,
    attempt: Attempt,
    replies: Sequence[tuple[str, str]],
    now: datetime,
    asked_by_model: Callable[[FeedbackTask], Iterable[str]] = lambda task: (),
) -> Answered:
    """Save the replies (replacing earlier ones) and grade the answer again with them. Only
    questions the page offered may be answered: the rubric's, or those the model asked."""
    if not 1 <= len(replies) <= MAX_REPLIES:
        raise PracticeError(422, "replies", f"Send one or two replies, not {len(replies)}.")
    before, after = task_of(practice, attempt), task_of(practice, attempt, replies)
    if before is None or after is None:
        raise PracticeError(409, "no_follow_ups", "This kind of answer has no follow-ups.")
    _check_offered([q for q, _ in replies], offered(before.offline, asked_by_model(before)))
    with practice.store.session() as session:
        save_replies(
            session, user_id=attempt.user_id, attempt_id=attempt.id, replies=replies, now=now
        )
    return Answered(list(replies), after.offline, moved(before.offline, after.offline))


def offered(offline: Feedback, asked_by_model: Iterable[str]) -> set[str]:
    """The questions a candidate may answer: the rubric's and the model's (spacing folded)."""
    rubric = [question for section in offline.sections for question in section.follow_ups]
    return {_folded(question) for question in (*rubric, *asked_by_model)}


def _check_offered(questions: Sequence[str], allowed: set[str]) -> None:
    unknown = [question for question in questions if _folded(question) not in allowed]
    if unknown:
        raise PracticeError(
            422,
            "unknown_question",
            "Reply to the follow-up questions the page offered; this one was not asked: "
            f"{unknown[0][:200]!r}. Reload the page to see them again.",
        )


def _folded(text: str) -> str:
    return " ".join(text.split())


def moved(before: Feedback, after: Feedback) -> list[dict[str, str]]:
    old = _verdicts(before)
    return [
        {"criterion_id": key, "before": old[key], "after": verdict}
        for key, verdict in _verdicts(after).items()
        if key in old and old[key] != verdict
    ]


def _verdicts(feedback: Feedback) -> dict[str, Any]:
    return {c.criterion_id: c.verdict for s in feedback.sections for c in s.criteria}
