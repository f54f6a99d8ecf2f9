"""Model feedback's rows on both backends: the cache keeps the first entry for a key, the day's
tokens add up (in SQL, so two streams cannot lose a count), and follow-up replies replace the
ones saved before and go with their attempt."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.clock import ManualClock
from app.feedback.llm.service import CacheEntry
from app.store import GradedOutcome, Store, add_attempt
from app.store.llm_repository import StoreBudget, StoreCache, replies_of, save_replies
from app.store.models import Attempt
from tests.store.state_0001 import T0


def _attempt(store: Store, user: int) -> int:
    with store.session() as session:
        attempt = add_attempt(
            session,
            user_id=user,
            question_id="design-x",
            kind="design",
            answer={"stage": "scaling", "text": "t"},
            outcome=GradedOutcome("graded", 0.5),
            round_=None,
            now=T0,
        )
        return attempt.id


def test_the_cache_returns_what_was_put_and_keeps_the_first_entry(store: Store) -> None:
    cache = StoreCache(store, ManualClock(T0))
    assert cache.get("k") is None
    cache.put("k", CacheEntry("design_stage/1", "m", {"done": {"tokens": 5}}, 5))
    cache.put("k", CacheEntry("design_stage/1", "m", {"done": {"tokens": 9}}, 9))
    assert cache.get("k") == {"done": {"tokens": 5}}


def test_tokens_add_up_per_utc_day(store: Store) -> None:
    clock = ManualClock(T0)
    budget = StoreBudget(store, clock)
    assert budget.used_today() == 0
    budget.spend(120)
    budget.spend(30)
    assert budget.used_today() == 150
    clock.advance(timedelta(days=1).total_seconds())
    assert budget.used_today() == 0
    budget.spend(7)
    assert budget.used_today() == 7


def test_replies_replace_earlier_ones_and_go_with_their_attempt(
    store: Store, local_user: int
) -> None:
    attempt_id = _attempt(store, local_user)
    with store.session() as session:
        save_replies(
            session,
            user_id=local_user,
            attempt_id=attempt_id,
            replies=[("q1", "r1"), ("q2", "r2")],
            now=T0,
        )
    with store.session() as session:
        save_replies(
            session, user_id=local_user, attempt_id=attempt_id, replies=[("q1", "again")], now=T0
        )
    with store.session() as session:
        rows = replies_of(session, user_id=local_user, attempt_id=attempt_id)
        assert [(r.position, r.question, r.reply) for r in rows] == [(0, "q1", "again")]
        session.execute(sa.delete(Attempt).where(Attempt.id == attempt_id))
    with store.session() as session:
        assert replies_of(session, user_id=local_user, attempt_id=attempt_id) == []


def test_replies_are_only_the_users_own(store: Store, local_user: int, other_user: int) -> None:
    attempt_id = _attempt(store, local_user)
    with store.session() as session:
        save_replies(
            session, user_id=local_user, attempt_id=attempt_id, replies=[("q", "r")], now=T0
        )
    with store.session() as session:
        assert replies_of(session, user_id=other_user, attempt_id=attempt_id) == []
