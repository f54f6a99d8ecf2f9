"""Reading and writing rounds and their stages. Every time is the caller's (the server's
clock); the rules that decide a stage's clock live in app/rounds/plan.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from app.store.models import Round, RoundStage

ONE_STAGE_NAME = "Questions"  # a round of one stage (as every round before stages was)


@dataclass(frozen=True)
class NewStage:
    name: str
    question_ids: list[str]
    time_limit_s: int
    section: str | None = None


def create_round(
    session: Session, *, user_id: int, question_ids: list[str], time_limit_s: int, now: datetime
) -> Round:
    """A round of one stage starting now."""
    stage = NewStage(ONE_STAGE_NAME, question_ids, time_limit_s)
    return create_staged_round(session, user_id=user_id, stages=[stage], now=now)


def create_staged_round(
    session: Session,
    *,
    user_id: int,
    stages: Sequence[NewStage],
    now: datetime,
    pace: str = "strict",
    deadline_at: datetime | None = None,
) -> Round:
    """A round starting now whose stages run one after another. Its deadline, from the server
    clock, is when its plan ends at the latest (the rounds' rules say when: app/rounds/plan.py);
    by default the stages' budgets summed, a strict round's (until a stage is advanced past)."""
    total = sum(stage.time_limit_s for stage in stages)
    round_ = Round(
        id=str(uuid.uuid4()),
        user_id=user_id,
        question_ids=list(dict.fromkeys(q for stage in stages for q in stage.question_ids)),
        time_limit_s=total,
        started_at=now,
        deadline_at=deadline_at or now + timedelta(seconds=total),
        created_at=now,
        pace=pace,
        stages=[_stage_row(position, stage) for position, stage in enumerate(stages)],
    )
    session.add(round_)
    session.flush()
    return round_


def _stage_row(position: int, stage: NewStage) -> RoundStage:
    return RoundStage(
        position=position,
        name=stage.name,
        question_ids=list(stage.question_ids),
        time_limit_s=stage.time_limit_s,
        section=stage.section,
    )


def end_stage_early(session: Session, *, round_: Round, position: int, now: datetime) -> bool:
    """Mark a stage advanced past at `now` (before its deadline, or past it at a soft pace),
    unless it was already: True if this call did it."""
    # Conditional UPDATE, so that of two racing advances only one moves the round on.
    ended = session.execute(
        update(RoundStage)
        .where(
            RoundStage.round_id == round_.id,
            RoundStage.position == position,
            RoundStage.ended_at.is_(None),
        )
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    _reload(session, round_)
    return bool(getattr(ended, "rowcount", 0))


def move_deadline(session: Session, *, round_: Round, deadline_at: datetime) -> Round:
    """Keep the round's stored deadline equal to when its plan now ends."""
    round_.deadline_at = deadline_at
    session.flush()
    return round_


def _reload(session: Session, round_: Round) -> None:
    for stage in round_.stages:
        session.refresh(stage)
    session.refresh(round_)


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
