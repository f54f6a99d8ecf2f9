"""Drills feed the queue: when the practice core records an answer that missed topics or
criteria, or reveals a hint, the cards that teach them are pulled forward, each with its
reason. A card already reviewed becomes due now; a new card is unlocked (shown beyond the
day's new-card limit). A card with a pull still waiting for its review is not pulled again.

It runs inside the core's unit of work (app/practice/service.py `PracticeHook`), so a pull is
recorded with the attempt or the hint that caused it, or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.card.models import CardQuestion
from app.kinds.outcome import Outcome
from app.kinds.registry import KindRegistry
from app.review.deck import Deck
from app.review.pulls import matches
from app.store import (
    add_card_pull,
    find_card_state,
    last_review_log,
    latest_card_pull,
    save_card_state,
)


@dataclass(frozen=True)
class Miss:
    """One thing a drill found missing: its id (a topic or criterion), the names it pulls by
    (itself, and for a criterion its section and the question's topics)."""

    label: str
    keys: tuple[str, ...]


class ReviewFeed:
    """The practice hook that pulls cards forward."""

    def __init__(self, deck: Deck, kinds: KindRegistry) -> None:
        self.deck, self.kinds = deck, kinds

    def attempt_recorded(
        self, session: Session, *, user_id: int, question: Question, outcome: Outcome, now: datetime
    ) -> None:
        if isinstance(question, CardQuestion):
            return  # a card's missed key points are the card's own business
        for miss in self.misses(question, outcome.missed):
            reason = f"you missed `{miss.label}` in {question.title}"
            self._pull(session, user_id, miss.keys, reason, (question.id, miss.label, None), now)

    def hint_revealed(
        self, session: Session, *, user_id: int, question: Question, hint_index: int, now: datetime
    ) -> None:
        if isinstance(question, CardQuestion):
            return
        reason = f"you took hint {hint_index + 1} in {question.title}"
        self._pull(
            session, user_id, tuple(question.topics), reason, (question.id, None, hint_index), now
        )

    def misses(self, question: Question, missed: Sequence[str]) -> list[Miss]:
        """Each missed id with what it pulls by: a criterion of a sectioned kind also pulls by
        its section and the question's topics."""
        section_of = self._sections_of_criteria(question)
        misses = []
        for label in missed:
            section = section_of.get(label)
            extra = (section, *question.topics) if section else ()
            misses.append(Miss(label, (label, *extra)))
        return misses

    def _sections_of_criteria(self, question: Question) -> dict[str, str]:
        kind = self.kinds[question.kind]
        if kind.sections is None or kind.criteria is None:
            return {}
        return {c: s for s in kind.sections(question) for c in kind.criteria(question, s)}

    def _pull(
        self,
        session: Session,
        user_id: int,
        keys: tuple[str, ...],
        reason: str,
        source: tuple[str, str | None, int | None],
        now: datetime,
    ) -> None:
        wanted = self.deck.pull_map.tags_for(keys)
        question_id, criterion, hint_index = source
        for card in self.deck.cards.values():
            if not matches(card.tags, card.source_topic, wanted):
                continue
            if _waiting(session, user_id, card.id):
                continue
            _bring_forward(session, user_id, card.id, now)
            add_card_pull(
                session,
                user_id=user_id,
                card_id=card.id,
                reason=reason,
                question_id=question_id,
                criterion=criterion,
                hint_index=hint_index,
                now=now,
            )


def _waiting(session: Session, user_id: int, card_id: str) -> bool:
    """Whether the card was pulled and not reviewed since."""
    pull = latest_card_pull(session, user_id=user_id, card_id=card_id)
    if pull is None:
        return False
    review = last_review_log(session, user_id=user_id, card_id=card_id)
    return review is None or review.undone or review.reviewed_at < pull.created_at


def _bring_forward(session: Session, user_id: int, card_id: str, now: datetime) -> None:
    """A reviewed card due later becomes due now (a new card has no state: the pull unlocks it)."""
    state = find_card_state(session, user_id=user_id, card_id=card_id)
    if state is None or state.due <= now:
        return
    card = {**state.card, "due": now.isoformat()}
    save_card_state(
        session, user_id=user_id, card_id=card_id, card=card, due=now, state=state.state, now=now
    )
