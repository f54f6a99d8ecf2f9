"""Spaced repetition's state: card states, the review log and pulls, per user.

Times are passed in by the caller (the server's clock), as everywhere in the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import CardPull, CardState, ReviewLogEntry


def card_states(session: Session, *, user_id: int) -> dict[str, CardState]:
    """Every card the user has reviewed, by card id."""
    query = select(CardState).where(CardState.user_id == user_id)
    return {state.card_id: state for state in session.scalars(query)}


def find_card_state(session: Session, *, user_id: int, card_id: str) -> CardState | None:
    return session.get(CardState, (user_id, card_id))


def save_card_state(
    session: Session,
    *,
    user_id: int,
    card_id: str,
    card: dict[str, Any],
    due: datetime,
    state: str,
    now: datetime,
) -> CardState:
    """Insert or replace the user's state of a card."""
    row = find_card_state(session, user_id=user_id, card_id=card_id)
    if row is None:
        row = CardState(user_id=user_id, card_id=card_id)
        session.add(row)
    row.card, row.due, row.state, row.updated_at = card, due, state, now
    session.flush()
    return row


def forget_card_state(session: Session, *, user_id: int, card_id: str) -> None:
    """Make the card new again (undoing its first review)."""
    row = find_card_state(session, user_id=user_id, card_id=card_id)
    if row is not None:
        session.delete(row)
        session.flush()


def add_review_log(
    session: Session,
    *,
    user_id: int,
    card_id: str,
    rating: str,
    now: datetime,
    duration_ms: int | None,
    typed: str | None,
    previous_state: str,
    state_before: dict[str, Any] | None,
) -> ReviewLogEntry:
    entry = ReviewLogEntry(
        user_id=user_id,
        card_id=card_id,
        rating=rating,
        reviewed_at=now,
        duration_ms=duration_ms,
        typed=typed,
        previous_state=previous_state,
        state_before=state_before,
        undone=False,
    )
    session.add(entry)
    session.flush()
    return entry


def last_review_log(session: Session, *, user_id: int, card_id: str) -> ReviewLogEntry | None:
    """The card's latest rating, undone or not."""
    query = (
        select(ReviewLogEntry)
        .where(ReviewLogEntry.user_id == user_id, ReviewLogEntry.card_id == card_id)
        .order_by(ReviewLogEntry.reviewed_at.desc(), ReviewLogEntry.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def review_logs(
    session: Session, *, user_id: int, since: datetime | None = None
) -> list[ReviewLogEntry]:
    """The user's ratings that stand (not undone), oldest first, from `since` if given."""
    query = select(ReviewLogEntry).where(
        ReviewLogEntry.user_id == user_id, ReviewLogEntry.undone.is_(False)
    )
    if since is not None:
        query = query.where(ReviewLogEntry.reviewed_at >= since)
    return list(session.scalars(query.order_by(ReviewLogEntry.reviewed_at, ReviewLogEntry.id)))


def add_card_pull(
    session: Session,
    *,
    user_id: int,
    card_id: str,
    reason: str,
    question_id: str,
    now: datetime,
    criterion: str | None = None,
    hint_index: int | None = None,
) -> CardPull:
    pull = CardPull(
        user_id=user_id,
        card_id=card_id,
        reason=reason,
        question_id=question_id,
        criterion=criterion,
        hint_index=hint_index,
        created_at=now,
    )
    session.add(pull)
    session.flush()
    return pull


def card_pulls(session: Session, *, user_id: int, limit: int | None = None) -> list[CardPull]:
    """The user's pulls, newest first (at most `limit`)."""
    query = (
        select(CardPull)
        .where(CardPull.user_id == user_id)
        .order_by(CardPull.created_at.desc(), CardPull.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def latest_card_pull(session: Session, *, user_id: int, card_id: str) -> CardPull | None:
    query = (
        select(CardPull)
        .where(CardPull.user_id == user_id, CardPull.card_id == card_id)
        .order_by(CardPull.created_at.desc(), CardPull.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def pulled_card_ids(session: Session, *, user_id: int) -> dict[str, datetime]:
    """The first time each card was pulled, by card id."""
    query = select(CardPull.card_id, CardPull.created_at).where(CardPull.user_id == user_id)
    first: dict[str, datetime] = {}
    for card_id, created_at in session.execute(query.order_by(CardPull.created_at)):
        first.setdefault(card_id, created_at)
    return first
