"""Reading and writing the state: small functions over a session, one unit of work per caller.

Every time is passed in by the caller (the server's clock), so deadlines and lateness are
decided by the server and tests can stop the clock. Functions that add rows flush them, so
database errors surface at the call and generated ids are there to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store.models import Attempt, Base, HintReveal, IdempotencyRecord, Round, User
from app.store.outcome import GradedOutcome

Row = TypeVar("Row", bound=Base)


def ensure_user(session: Session, *, name: str = "local") -> User:
    """The user with this name, created if missing (safe when two servers start at once)."""

    def find() -> User | None:
        return session.scalars(select(User).where(User.name == name)).one_or_none()

    return find_or_insert(session, User(name=name), find)


@dataclass(frozen=True)
class InRound:
    """Where an answer in a round belongs, as the round's rules decided it."""

    stage: int
    late: bool
    elapsed_s_in_round: float


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
    placed: InRound | None = None,
) -> Attempt:
    """Record a graded answer of any kind; inside a round, with where the round's rules
    placed it (its stage, its lateness, its time on the round's clock)."""
    if round_ is not None and round_.user_id != user_id:
        raise ValueError(f"round {round_.id} belongs to another user")
    if (round_ is None) != (placed is None):
        raise ValueError("an answer in a round needs its placement, and only one in a round")
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
        elapsed_s_in_round=placed.elapsed_s_in_round if placed else None,
        stage=placed.stage if placed else None,
        late=placed.late if placed else False,
    )
    session.add(attempt)
    session.flush()
    return attempt


def attempts_for_round(session: Session, *, round_id: str) -> list[Attempt]:
    """The round's attempts in submission order."""
    return _attempts(session, Attempt.round_id == round_id)


def attempts_in_round_for_question(
    session: Session, *, user_id: int, round_id: str, question_id: str
) -> list[Attempt]:
    """The user's attempts at one question inside one round, in submission order."""
    return _attempts(
        session,
        Attempt.user_id == user_id,
        Attempt.round_id == round_id,
        Attempt.question_id == question_id,
    )


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
    return find_or_insert(
        session, record, lambda: find_idempotent(session, user_id=user_id, key=key)
    )


def find_or_insert(session: Session, row: Row, find: Callable[[], Row | None]) -> Row:
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
