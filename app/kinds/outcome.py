"""What a grader of any kind concludes about one answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.store.outcome import GradedOutcome

FULL_SCORE = 1.0


def is_solved(score: float) -> bool:
    """A question is solved by an answer with full marks, in every kind: the store keeps the
    score, so rounds and progress decide this without knowing the kind."""
    return score >= FULL_SCORE


@dataclass(frozen=True)
class Outcome(GradedOutcome):
    """What the store records (a status from the kind's own vocabulary, a score in 0..1, the
    details, the criteria or topics the answer missed; checked there), plus what the candidate
    is shown beside the details without it being recorded (bulky parts: the SQL kind's rows)."""

    shown: Mapping[str, Any] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        return is_solved(self.score)
