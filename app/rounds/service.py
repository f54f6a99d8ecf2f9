"""Rounds over the store: start one, read it with its clock and per-question status, finish it,
sum it up. Routes call these; they take a session and the server's clock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.bank.models import Difficulty, Question
from app.rounds.rules import QuestionResult, RoundSummary, pick_questions, summarize
from app.store import Round, attempts_for_round, create_round


class RoundError(Exception):
    """A round request that cannot be honoured (unknown questions, an empty recipe)."""


def start_round(
    session: Session,
    *,
    questions: dict[str, Question],
    user_id: int,
    question_ids: list[str] | None,
    count: int | None,
    topics: list[str],
    difficulty: Difficulty | None,
    time_limit_s: int,
    now: datetime,
) -> Round:
    """A round over the given questions, or over `count` questions picked by the recipe."""
    chosen = question_ids or pick_questions(
        questions.values(), count=count or 3, topics=topics, difficulty=difficulty
    )
    unknown = [q for q in chosen if q not in questions]
    if unknown:
        raise RoundError(f"Unknown questions: {', '.join(unknown)}.")
    if not chosen:
        raise RoundError("No question matches those topics and difficulty; widen the recipe.")
    return create_round(
        session,
        user_id=user_id,
        question_ids=list(dict.fromkeys(chosen)),
        time_limit_s=time_limit_s,
        now=now,
    )


def round_summary(
    session: Session, *, round_: Round, questions: dict[str, Question]
) -> RoundSummary:
    return summarize(round_, attempts_for_round(session, round_id=round_.id), questions)


def question_rows(summary: RoundSummary, questions: dict[str, Question]) -> list[dict[str, object]]:
    """Per-question lines for the API, with titles."""
    return [_row(r, questions.get(r.question_id)) for r in summary.questions]


def _row(result: QuestionResult, question: Question | None) -> dict[str, object]:
    return {
        "question_id": result.question_id,
        "title": question.title if question else result.question_id,
        "status": result.status,
        "attempts": result.attempts,
        "late_attempts": result.late_attempts,
        "hints_used": result.hints_used,
        "first_correct_s": result.first_correct_s,
    }
