"""Reading and writing the state: small functions over a session, one unit of work per caller.

Every time is passed in by the caller (the server's clock), so deadlines and lateness are
decided by the server and tests can stop the clock. Functions that add rows flush them, so
database errors surface at the call and generated ids are there to read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store.models import Attempt, HintReveal, IdempotencyRecord, Round, User
from app.store.outcome import GradedOutcome

Row = TypeVar("Row", User, IdempotencyRecord)


def ensure_user(session: Session, *, name: str = "local") -> User:
    """The user with this name, created if missing (safe when two servers start at once)."""

    def find() -> User | None:
        return session.scalars(select(User).where(User.name == name)).one_or_none()

    return _find_or_insert(session, User(name=name), find)


def create_round(
    session: Session, *, user_id: int, question_ids: list[str], time_limit_s: int, now: datetime
) -> Round:
    """A round starting now, its deadline fixed from the server clock."""
    round_ = Round(
        id=str(uuid.uuid4()),
        user_id=user_id,
        question_ids=list(question_ids),
        time_limit_s=time_limit_s,
        started_at=now,
        deadline_at=now + timedelta(seconds=time_limit_s),
        created_at=now,
    )
    session.add(round_)
    session.flush()
    return round_


def get_round(session: Session, *, user_id: int, round_id: str) -> Round | None:
    """The user's round with this id; None when absent or another user's."""
    round_ = session.get(Round, round_id)
    return round_ if round_ is not None and round_.user_id == user_id else None


def finish_round(session: Session, *, round_: Round, now: datetime) -> Round:
    """End the round now, unless it has ended already: the first finish time stays."""
    # Conditional UPDATE rather than read-then-write, so that two racing finishes agree.
    session.execute(
        update(Round)
        .where(Round.id == round_.id, Round.finished_at.is_(None))
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(round_)
    return round_


def latest_unfinished_round(session: Session, *, user_id: int, now: datetime) -> Round | None:
    """The most recently started round still running at `now`, to resume it."""
    return session.scalars(_running(user_id, now).limit(1)).first()


def running_round_with(
    session: Session, *, user_id: int, question_id: str, now: datetime
) -> Round | None:
    """The newest round still running at `now` that contains the question (its solution waits)."""
    return next(
        (r for r in session.scalars(_running(user_id, now)) if question_id in r.question_ids), None
    )


def _running(user_id: int, now: datetime) -> Select[Round]:
    return (
        select(Round)
        .where(Round.user_id == user_id, Round.finished_at.is_(None), Round.deadline_at > now)
        .order_by(Round.started_at.desc(), Round.id.desc())
    )


def recent_rounds(session: Session, *, user_id: int, limit: int = 10) -> list[Round]:
    """The user's rounds, the most recently started first."""
    query = (
        select(Round)
        .where(Round.user_id == user_id)
        .order_by(Round.started_at.desc(), Round.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def add_attempt(
    session: Session,
    *,
    user_id: int,
    question_id: str,
    kind: str,
    answer: dict[str, Any],
    outcome: GradedOutcome,
    round_: Round | None,
    now: datetime,
    hints_used: int = 0,
) -> Attempt:
    """Record a graded answer of any kind; inside a round, note when it came and whether it
    was too late."""
    if round_ is not None and round_.user_id != user_id:
        raise ValueError(f"round {round_.id} belongs to another user")
    attempt = Attempt(
        user_id=user_id,
        round_id=round_.id if round_ else None,
        question_id=question_id,
        kind=kind,
        answer=answer,
        status=outcome.status,
        score=outcome.score,
        details=dict(outcome.details),
        missed=list(outcome.missed),
        hints_used=hints_used,
        submitted_at=now,
        elapsed_s_in_round=(now - round_.started_at).total_seconds() if round_ else None,
        late=round_ is not None and _is_over(round_, now),
    )
    session.add(attempt)
    session.flush()
    return attempt


def attempts_for_round(session: Session, *, round_id: str) -> list[Attempt]:
    """The round's attempts in submission order."""
    return _attempts(session, Attempt.round_id == round_id)


def attempts_for_question(session: Session, *, user_id: int, question_id: str) -> list[Attempt]:
    """The user's attempts at a question, in rounds or not, in submission order."""
    return _attempts(session, Attempt.user_id == user_id, Attempt.question_id == question_id)


def attempt_scores(session: Session, *, user_id: int) -> list[tuple[str, float]]:
    """(question id, score) of every attempt the user made, in rounds or not."""
    query = select(Attempt.question_id, Attempt.score).where(Attempt.user_id == user_id)
    return [(question_id, score) for question_id, score in session.execute(query)]


def latest_answer(
    session: Session, *, user_id: int, question_id: str, round_id: str | None
) -> dict[str, Any] | None:
    """The answer (its kind's JSON) of the user's latest attempt at a question: in that round,
    or in practice."""
    same_round = Attempt.round_id.is_(None) if round_id is None else Attempt.round_id == round_id
    query = (
        select(Attempt.answer)
        .where(Attempt.user_id == user_id, Attempt.question_id == question_id, same_round)
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def record_hint(
    session: Session,
    *,
    user_id: int,
    question_id: str,
    round_id: str | None,
    hint_index: int,
    now: datetime,
) -> None:
    """Note that a hint was shown (hints used are part of a round's summary)."""
    session.add(
        HintReveal(
            user_id=user_id,
            question_id=question_id,
            round_id=round_id,
            hint_index=hint_index,
            revealed_at=now,
        )
    )
    session.flush()


def hints_revealed(
    session: Session, *, user_id: int, question_id: str, round_id: str | None
) -> int:
    """Hints shown so far (highest index + 1, else 0): in that round, or in practice if None."""
    same_round = (
        HintReveal.round_id.is_(None) if round_id is None else HintReveal.round_id == round_id
    )
    highest = session.scalar(
        select(func.max(HintReveal.hint_index)).where(
            HintReveal.user_id == user_id, HintReveal.question_id == question_id, same_round
        )
    )
    return 0 if highest is None else highest + 1


def find_idempotent(session: Session, *, user_id: int, key: str) -> IdempotencyRecord | None:
    """The stored outcome of an earlier request with this Idempotency-Key."""
    return session.get(IdempotencyRecord, (user_id, key))


def save_idempotent(
    session: Session,
    *,
    user_id: int,
    key: str,
    request_hash: str,
    status_code: int,
    response: dict[str, Any],
) -> IdempotencyRecord:
    """Store a request's outcome; if a concurrent request stored one first, return that one."""
    record = IdempotencyRecord(
        user_id=user_id,
        key=key,
        request_hash=request_hash,
        status_code=status_code,
        response=response,
    )
    return _find_or_insert(
        session, record, lambda: find_idempotent(session, user_id=user_id, key=key)
    )


def _find_or_insert(session: Session, row: Row, find: Callable[[], Row | None]) -> Row:
    """The stored row `find` returns, else `row` inserted, else the row a racing writer stored."""
    if (stored := find()) is not None:
        return stored
    # A savepoint, so that losing the race undoes only this insert, not the caller's other work.
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        existing = find()
        if existing is None:  # the conflict was not about this key
            raise
        return existing
    return row


def _attempts(session: Session, *conditions: ColumnElement[bool]) -> list[Attempt]:
    query = select(Attempt).where(*conditions).order_by(Attempt.submitted_at, Attempt.id)
    return list(session.scalars(query))


def _is_over(round_: Round, now: datetime) -> bool:
    """Past the deadline, or after the round was finished early."""
    ended = round_.finished_at is not None and now >= round_.finished_at
    return ended or now >= round_.deadline_at
