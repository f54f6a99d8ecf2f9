"""Model feedback's rows: the cache of feedback already paid for, the tokens used per UTC day,
and the replies to follow-up questions. `StoreCache` and `StoreBudget` are what the feedback
service asks for (app/feedback/llm/service.py); each opens a short session of its own, since a
feedback stream lasts as long as the model takes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.feedback.llm.service import CacheEntry
from app.store.db import Store
from app.store.models import FollowUpReply, LlmFeedback, LlmTokenDay
from app.store.repository import find_or_insert


class StoreCache:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store, self._clock = store, clock

    def get(self, key: str) -> dict[str, Any] | None:
        with self._store.session() as session:
            row = session.get(LlmFeedback, key)
            return None if row is None else dict(row.result)

    def put(self, key: str, entry: CacheEntry) -> None:
        row = LlmFeedback(
            key=key,
            prompt_version=entry.prompt,
            model=entry.model,
            result=entry.result,
            tokens=entry.tokens,
            created_at=self._clock.now(),
        )
        with self._store.session() as session:
            find_or_insert(session, row, lambda: session.get(LlmFeedback, key))


class StoreBudget:
    """Tokens used per UTC day, server-wide (the budget is the endpoint's, not a user's)."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store, self._clock = store, clock

    def _day(self) -> str:
        return self._clock.now().date().isoformat()

    def used_today(self) -> int:
        with self._store.session() as session:
            row = session.get(LlmTokenDay, self._day())
            return 0 if row is None else row.tokens

    def spend(self, tokens: int) -> None:
        day = self._day()
        with self._store.session() as session:
            row = find_or_insert(
                session, LlmTokenDay(day=day, tokens=0), lambda: session.get(LlmTokenDay, day)
            )
            row.tokens = LlmTokenDay.tokens + tokens  # in SQL: two streams cannot lose a count


def replies_of(session: Session, *, user_id: int, attempt_id: int) -> list[FollowUpReply]:
    query = select(FollowUpReply).where(
        FollowUpReply.user_id == user_id, FollowUpReply.attempt_id == attempt_id
    )
    return list(session.scalars(query.order_by(FollowUpReply.position)))


def save_replies(
    session: Session,
    *,
    user_id: int,
    attempt_id: int,
    replies: Sequence[tuple[str, str]],
    now: datetime,
) -> list[FollowUpReply]:
    """The attempt's replies, replacing any saved before (a candidate may answer again)."""
    session.execute(delete(FollowUpReply).where(FollowUpReply.attempt_id == attempt_id))
    rows = [
        FollowUpReply(
            user_id=user_id,
            attempt_id=attempt_id,
            position=position,
            question=question,
            reply=reply,
            created_at=now,
        )
        for position, (question, reply) in enumerate(replies)
    ]
    session.add_all(rows)
    session.flush()
    return rows
