"""Reviewing cards over the store: rate one (idempotent), undo its last rating, reveal its
answer. The day's queue, the statistics and the pulls are read in app/review/reading.py.

Units of work are short and opened here, as in the practice service; errors are the practice
core's (`PracticeError`), which the web layer maps to problem+json.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.kinds.card.models import CardQuestion
from app.practice import idempotency
from app.practice.errors import PracticeError
from app.practice.idempotency import Replay
from app.review.deck import Deck
from app.review.scheduling import (
    Grade,
    card_from_json,
    card_to_json,
    new_card,
    review,
    state_name,
)
from app.store import (
    CardState,
    ReviewLogEntry,
    Store,
    add_review_log,
    find_card_state,
    forget_card_state,
    last_review_log,
    save_card_state,
)


@dataclass(frozen=True)
class Rating:
    """One press of a button, as the route parsed it."""

    user_id: int
    card_id: str
    grade: Grade
    duration_ms: int | None
    typed: str | None
    now: datetime
    idempotency_key: str | None = None
    fingerprint: str = ""


class Reviews:
    """Rating, undo and reveal over a deck and the store."""

    def __init__(self, *, store: Store, deck: Deck) -> None:
        self.store, self.deck = store, deck

    def card(self, card_id: str) -> CardQuestion:
        card = self.deck.cards.get(card_id)
        if card is None:
            raise PracticeError(404, "not_found", f"There is no card {card_id!r}.")
        return card

    def rate(self, rating: Rating) -> dict[str, Any] | Replay:
        """Schedule the card by the rating and log it with the state it had (for undo); a retry
        with the same Idempotency-Key gets the first response and rates nothing twice."""
        card = self.card(rating.card_id)
        with self.store.session() as session:
            if (replayed := self._replay(session, rating)) is not None:
                return replayed
            stored = find_card_state(session, user_id=rating.user_id, card_id=card.id)
            entry, after = self._review(session, rating, stored)
            response = {**self._rated(entry, after), **self.reveal(card.id)}
            response["coverage"] = self._coverage(card, rating.typed)
            if rating.idempotency_key:
                idempotency.remember(
                    session,
                    user_id=rating.user_id,
                    key=rating.idempotency_key,
                    fingerprint=rating.fingerprint,
                    response=response,
                    identity="review_id",
                )
            return response

    def undo(self, *, user_id: int, card_id: str, now: datetime) -> dict[str, Any]:
        """Put the card back exactly as it was before its last rating, and mark that rating
        undone. Only the last one: a second undo (a double click) is refused."""
        self.card(card_id)
        with self.store.session() as session:
            entry = last_review_log(session, user_id=user_id, card_id=card_id)
            if entry is None or entry.undone:
                raise PracticeError(409, "nothing_to_undo", "This card has no rating to undo.")
            restored = _restore(session, entry, now)
            entry.undone = True
            due = restored.due.isoformat() if restored else None
            state = restored.state if restored else state_name(None)
            return {"card_id": card_id, "undone_review_id": entry.id, "state": state, "due": due}

    def reveal(self, card_id: str) -> dict[str, Any]:
        """The card with its answer: the model answer and its key points."""
        card = self.card(card_id)
        return {
            "card_id": card.id,
            "title": card.title,
            "prompt": card.prompt,
            "model_answer": card.model_answer,
            "key_points": [point.text for point in card.key_points],
            "tags": list(card.tags),
            "source_topic": card.source_topic,
        }

    def coverage(self, card_id: str, typed: str) -> dict[str, Any] | None:
        """Which key points a typed answer covers, before it is rated (shown on reveal)."""
        return self._coverage(self.card(card_id), typed)

    def _replay(self, session: Session, rating: Rating) -> Replay | None:
        if not rating.idempotency_key:
            return None
        return idempotency.replay(
            session,
            user_id=rating.user_id,
            key=rating.idempotency_key,
            fingerprint=rating.fingerprint,
        )

    def _review(
        self, session: Session, rating: Rating, stored: CardState | None
    ) -> tuple[ReviewLogEntry, CardState]:
        before = card_from_json(stored.card) if stored else new_card(rating.card_id, rating.now)
        after, _ = review(self.deck.scheduler, before, rating.grade, rating.now, rating.duration_ms)
        entry = add_review_log(
            session,
            user_id=rating.user_id,
            card_id=rating.card_id,
            rating=rating.grade.value,
            now=rating.now,
            duration_ms=rating.duration_ms,
            typed=rating.typed,
            previous_state=stored.state if stored else state_name(None),
            state_before=dict(stored.card) if stored else None,
        )
        saved = save_card_state(
            session,
            user_id=rating.user_id,
            card_id=rating.card_id,
            card=card_to_json(after),
            due=after.due,
            state=state_name(after),
            now=rating.now,
        )
        return entry, saved

    def _rated(self, entry: ReviewLogEntry, after: CardState) -> dict[str, Any]:
        return {
            "review_id": entry.id,
            "rating": entry.rating,
            "previous_state": entry.previous_state,
            "state": after.state,
            "due": after.due.isoformat(),
            "interval_s": round((after.due - entry.reviewed_at).total_seconds()),
        }

    def _coverage(self, card: CardQuestion, typed: str | None) -> dict[str, Any] | None:
        """Which key points a typed answer covered, when the card kind can tell."""
        if not typed or not typed.strip() or self.deck.grade_typed is None:
            return None
        return self.deck.grade_typed(card, typed)


def _restore(session: Session, entry: ReviewLogEntry, now: datetime) -> CardState | None:
    """The card's state as the rating found it (None: it was new, and is again)."""
    if entry.state_before is None:
        forget_card_state(session, user_id=entry.user_id, card_id=entry.card_id)
        return None
    before = card_from_json(entry.state_before)
    return save_card_state(
        session,
        user_id=entry.user_id,
        card_id=entry.card_id,
        card=dict(entry.state_before),
        due=before.due,
        state=state_name(before),
        now=now,
    )
