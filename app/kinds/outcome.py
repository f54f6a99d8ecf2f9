"""What a grader of any kind concludes about one answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FULL_SCORE = 1.0


def is_solved(score: float) -> bool:
    """A question is solved by an answer with full marks, in every kind: the store keeps the
    score, so rounds and progress decide this without knowing the kind."""
    return score >= FULL_SCORE


@dataclass(frozen=True)
class Outcome:
    """A status from the kind's own vocabulary, a score in 0..1, the details recorded with the
    attempt (JSON), the criteria or topics the answer missed, and what the candidate is shown
    beside the details without it being recorded (bulky parts: the SQL kind's rows)."""

    status: str
    score: float
    details: Mapping[str, Any] = field(default_factory=dict)
    missed: Sequence[str] = ()
    shown: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.status:
            raise ValueError("an outcome needs a status")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score!r} is outside 0..1")
        if isinstance(self.missed, str):
            raise ValueError("missed is a list of criteria or topics, not one string")

    @property
    def solved(self) -> bool:
        return is_solved(self.score)
