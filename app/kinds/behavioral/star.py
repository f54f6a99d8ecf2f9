"""The STAR rubric as data (star.toml): its criteria with anchors, fixes, levels and the plain
words each listens for, and the numbers its signals use (speaking pace, length, "I" share)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from app.bank.models import Strict
from app.feedback.rubric import Concept, Criterion
from app.kinds.behavioral.models import STAR_IDS, StarPart

STAR_FILE = Path(__file__).with_name("star.toml")


class Speaking(Strict):
    words_per_minute: int = Field(gt=0)
    fit: tuple[int, int]  # words: met inside
    near: tuple[int, int]  # partial inside (and outside fit)


class FirstPerson(Strict):
    singular: list[str] = Field(min_length=1)
    plural: list[str] = Field(min_length=1)
    met: float = Field(gt=0, le=1)  # share of "I" among "I" and "we" in the action
    partial: float = Field(gt=0, le=1)


class PartWords(Strict):
    met: int = Field(ge=1)  # a part this long is met; any shorter is partial


class StarRubric(Strict):
    speaking: Speaking
    first_person: FirstPerson
    part_words: PartWords
    criteria: list[Criterion]

    @model_validator(mode="after")
    def _every_star_criterion_once(self) -> StarRubric:
        ids = tuple(c.id for c in self.criteria)
        if ids != STAR_IDS:
            raise ValueError(f"star.toml must give the criteria {STAR_IDS} in order, not {ids}")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def cues(self, part: StarPart) -> list[Concept]:
        """The words that mark a sentence as playing `part` (reflection is its own criterion)."""
        return list(self.criterion(part).concepts)


@cache
def star_rubric() -> StarRubric:
    """star.toml, read once."""
    return StarRubric.model_validate(tomllib.loads(STAR_FILE.read_text(encoding="utf-8")))
