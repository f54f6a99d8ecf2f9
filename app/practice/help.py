"""Help on a question of any kind: hints one at a time (each reveal recorded) and giving up
(the kind's solution view), closed while the question is in a running round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.bank.models import Question
from app.practice.errors import PracticeError
from app.practice.service import Practice, round_for
from app.rounds.plan import hints_open
from app.rounds.rules import is_over
from app.store import hints_revealed, record_hint, running_round_with


@dataclass(frozen=True)
class Hint:
    index: int
    text: str
    remaining: int


def reveal_hint(
    practice: Practice, *, user_id: int, question: Question, round_id: str | None, now: datetime
) -> Hint:
    """The next hint, recorded (hints used are part of a round's summary)."""
    with practice.store.session() as session:
        round_ = round_for(session, user_id, round_id, question)
        if round_ is not None and not hints_open(round_, question.id, now):
            closed = (
                "The round is over: hints are closed. Review it."
                if is_over(round_, now)
                else "This question's stages are over: hints are closed."
            )
            raise PracticeError(409, "round_expired", closed)
        index = hints_revealed(session, user_id=user_id, question_id=question.id, round_id=round_id)
        if index >= len(question.hints):
            raise PracticeError(409, "no_more_hints", "Every hint is shown already.")
        record_hint(
            session,
            user_id=user_id,
            question_id=question.id,
            round_id=round_id,
            hint_index=index,
            now=now,
        )
        for hook in practice.hooks:
            hook.hint_revealed(
                session, user_id=user_id, question=question, hint_index=index, now=now
            )
    return Hint(index, question.hints[index], len(question.hints) - index - 1)


def give_up(
    practice: Practice, *, user_id: int, question: Question, now: datetime
) -> dict[str, Any]:
    """The kind's solution view; while the question is in one of the user's running rounds
    it stays closed, as a mock interview would keep it."""
    with practice.store.session() as session:
        running = running_round_with(session, user_id=user_id, question_id=question.id, now=now)
    if running is not None:
        raise PracticeError(
            409,
            "round_running",
            "This question is in a round that is still running: its solution opens when the "
            "round ends (finish the round to see it now).",
        )
    return practice.workspace.kinds[question.kind].solution_view(question)
