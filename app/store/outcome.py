"""What a grader of any kind concludes about an answer, in the store's own terms: the store
records it without knowing any grader's types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GradedOutcome:
    """A status from the kind's vocabulary, a score in 0..1, the grader's details (JSON) and
    the criteria or topics the answer missed."""

    status: str
    score: float
    details: Mapping[str, Any] = field(default_factory=dict)
    missed: Sequence[str] = ()

    def __post_init__(self) -> None:
        # The database checks these too; failing here names the mistake before any SQL runs.
        if not self.status:
            raise ValueError("an outcome needs a status")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score!r} is outside 0..1")
        if isinstance(self.missed, str):
            raise ValueError("missed is a list of criteria or topics, not one string")
