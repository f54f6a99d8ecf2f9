"""A rubric for free-text answers: criteria with behavioural anchors and the offline signals
the rubric grader reads (app/feedback/offline.py). Kinds extend `Criterion` with signals of
their own (the design kind adds a diagram signal) and grade those themselves.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.feedback.model import Level
from app.feedback.quantities import Dimension

Support = Literal["reason", "number", "reason_or_number", "none"]


class RubricModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Concept(RubricModel):
    """One idea an interviewer listens for, in the words candidates use for it."""

    name: str = Field(min_length=2)
    terms: list[str] = Field(min_length=1)  # synonyms, paraphrases, misspellings (lower case)
    support: Support = "reason_or_number"  # what must share its sentence for it to count


class Estimate(RubricModel):
    """A back-of-envelope quantity, judged by order of magnitude: within [low, high] is sane."""

    name: str = Field(min_length=2)
    dimension: Dimension
    low: float = Field(gt=0)  # in base units: per second, bytes, bytes per second, seconds
    high: float = Field(gt=0)
    cues: list[str] = Field(min_length=1)  # words near the number that say what it measures

    @model_validator(mode="after")
    def _ordered(self) -> Estimate:
        if self.low >= self.high:
            raise ValueError(f"estimate {self.name!r}: low must be below high")
        return self


class Criterion(RubricModel):
    """One thing an interviewer listens for, with what missing / partial / met sound like."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    level: Level = "mid"  # the lowest level expected to raise it unprompted
    missing: str = Field(min_length=10)  # what an answer that misses it says
    partial: str = Field(min_length=10)
    met: str = Field(min_length=10)
    fix: str = Field(min_length=10)  # the advice shown when it is not met
    concepts: list[Concept] = Field(default_factory=list)
    estimates: list[Estimate] = Field(default_factory=list)
    need: int = Field(default=1, ge=1)  # how many signals make it met

    def extra_signals(self) -> int:
        """Signals a kind adds and grades itself (the design kind's diagram)."""
        return 0

    @model_validator(mode="after")
    def _has_signals(self) -> Criterion:
        signals = len(self.concepts) + len(self.estimates) + self.extra_signals()
        if signals == 0:
            raise ValueError(f"criterion {self.id!r} has no offline signal")
        if self.need > signals:
            raise ValueError(f"criterion {self.id!r} needs {self.need} of {signals} signals")
        return self
