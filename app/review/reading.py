"""What the review pages read: the day's queue (cursor-paginated, each card with its button
previews and never its answer), the statistics, and the recent pulls with their reasons."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.practice.errors import PracticeError
from app.review import stats
from app.review.deck import Deck
from app.review.queue import Entry, Rated, Scheduled, after, day_start, due_queue, study_ahead
from app.review.scheduling import NEW, card_from_json, interval_label, new_card, previews
from app.store import (
    CardPull,
    CardState,
    ReviewLogEntry,
    Store,
    card_pulls,
    card_states,
    pulled_card_ids,
    review_logs,
)

Cursor = tuple[int, str, int, str]


class Reading:
    """Reads over a deck and the store."""

    def __init__(self, *, store: Store, deck: Deck) -> None:
        self.store, self.deck = store, deck

    def queue(
        self, *, user_id: int, now: datetime, limit: int, cursor: str | None, ahead_days: int
    ) -> dict[str, Any]:
        """A page of the day's queue; once it is empty, of the cards due within `ahead_days`."""
        with self.store.session() as session:
            states = card_states(session, user_id=user_id)
            entries = self._due(session, user_id, states, now)
            pending = _pending_reasons(session, user_id)
        scheduled = _scheduled(states)
        ahead = study_ahead(
            deck=self.deck.order, scheduled=scheduled, now=now, days=max(ahead_days, 1)
        )
        studying_ahead = not entries and ahead_days > 0
        shown = ahead if studying_ahead else entries
        page = after(shown, decode_cursor(cursor))[:limit]
        return {
            "cards": [self._item(e, states.get(e.card_id), pending, now) for e in page],
            "next_cursor": encode_cursor(page[-1].key) if len(page) == limit else None,
            "counts": _counts(entries),
            "done": not entries,
            "studying_ahead": studying_ahead,
            "ahead": {"days": max(ahead_days, 1), "cards": len(ahead)},
        }

    def stats(self, *, user_id: int, now: datetime) -> dict[str, Any]:
        with self.store.session() as session:
            states = card_states(session, user_id=user_id)
            ratings = [_rating(e) for e in review_logs(session, user_id=user_id)]
        scheduled = _scheduled(states)
        topics = [
            stats.CardTopics(c.id, c.source_topic, tuple(c.tags)) for c in self.deck.cards.values()
        ]
        return {
            "reviews_per_day": stats.reviews_per_day(ratings, now),
            "retention": stats.true_retention(ratings, now, self.deck.config.desired_retention),
            "forecast": stats.forecast(scheduled.values(), now),
            "by_state": stats.by_state(self.deck.order, scheduled),
            "weakest": stats.weakest_topics(ratings, topics),
        }

    def pulled(self, *, user_id: int, limit: int) -> dict[str, Any]:
        """The newest pulls, each with its card and reason."""
        with self.store.session() as session:
            pulls = card_pulls(session, user_id=user_id, limit=limit)
        return {"pulls": [self._pull(p) for p in pulls if p.card_id in self.deck.cards]}

    def _due(
        self, session: Session, user_id: int, states: dict[str, CardState], now: datetime
    ) -> list[Entry]:
        first_pulled = pulled_card_ids(session, user_id=user_id)
        today = review_logs(session, user_id=user_id, since=day_start(now))
        rated = [
            _rated(entry.card_id, entry.previous_state, entry.reviewed_at, first_pulled)
            for entry in today
        ]
        unlocked = frozenset(c for c in first_pulled if c not in states)
        return due_queue(
            deck=self.deck.order,
            scheduled=_scheduled(states),
            rated_today=rated,
            unlocked=unlocked,
            now=now,
            limits=self.deck.limits,
        )

    def _item(
        self, entry: Entry, state: CardState | None, pending: dict[str, CardPull], now: datetime
    ) -> dict[str, Any]:
        card = self.deck.cards[entry.card_id]
        fsrs_card = card_from_json(state.card) if state else new_card(card.id, now)
        pull = pending.get(card.id)
        return {
            "card_id": card.id,
            "title": card.title,
            "prompt": card.prompt,
            "tags": list(card.tags),
            "source_topic": card.source_topic,
            "state": entry.state,
            "due": entry.due.isoformat() if entry.due else None,
            "pulled": {"reason": pull.reason, "at": pull.created_at.isoformat()} if pull else None,
            "previews": {
                p.grade.value: {
                    "interval_s": round(p.interval.total_seconds()),
                    "label": interval_label(p.interval),
                    "due": p.due.isoformat(),
                    "state": p.state,
                }
                for p in previews(self.deck.preview_scheduler, fsrs_card, now)
            },
        }

    def _pull(self, pull: CardPull) -> dict[str, Any]:
        card = self.deck.cards[pull.card_id]
        return {
            "card_id": card.id,
            "title": card.title,
            "tags": list(card.tags),
            "source_topic": card.source_topic,
            "reason": pull.reason,
            "question_id": pull.question_id,
            "criterion": pull.criterion,
            "hint_index": pull.hint_index,
            "at": pull.created_at.isoformat(),
        }


def encode_cursor(key: Cursor) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def decode_cursor(cursor: str | None) -> Cursor | None:
    """The key a cursor holds; 422 invalid_cursor for anything this server did not write."""
    if cursor is None:
        return None
    try:
        group, due, position, card_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return (int(group), str(due), int(position), str(card_id))
    except (ValueError, TypeError, binascii.Error):
        raise PracticeError(
            422, "invalid_cursor", "This cursor is not one the queue gave."
        ) from None


def _scheduled(states: dict[str, CardState]) -> dict[str, Scheduled]:
    return {c: Scheduled(c, s.state, s.due) for c, s in states.items()}


def _rated(
    card_id: str, previous_state: str, reviewed_at: datetime, first_pulled: dict[str, datetime]
) -> Rated:
    pulled = first_pulled.get(card_id)
    unlocked = previous_state == NEW and pulled is not None and pulled <= reviewed_at
    return Rated(card_id, previous_state, unlocked)


def _rating(entry: ReviewLogEntry) -> stats.Rating:
    return stats.Rating(entry.card_id, entry.rating, entry.previous_state, entry.reviewed_at)


def _counts(entries: list[Entry]) -> dict[str, int]:
    learning = sum(e.state in ("learning", "relearning") for e in entries)
    review = sum(e.state == "review" for e in entries)
    return {"learning": learning, "review": review, "new": len(entries) - learning - review}


def _pending_reasons(session: Session, user_id: int) -> dict[str, CardPull]:
    """The latest pull of each card that has not been reviewed since."""
    last_reviewed = {
        entry.card_id: entry.reviewed_at for entry in review_logs(session, user_id=user_id)
    }
    pending: dict[str, CardPull] = {}
    for pull in card_pulls(session, user_id=user_id):  # newest first
        reviewed = last_reviewed.get(pull.card_id)
        if pull.card_id not in pending and (reviewed is None or reviewed < pull.created_at):
            pending[pull.card_id] = pull
    return pending
