"""A behavioral prompt: the question an interviewer asks, the competency it probes (one of
question_bank/behavioral/competencies.toml), what the interviewer listens for, the prompt's
own criteria (the feedback package's rubric criteria) and a reference story in STAR form.

Every prompt is also graded on the STAR rubric all prompts share (app/kinds/behavioral/star.toml);
the prompt's criteria say what this question is about, and their levels give the level estimate.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.bank.models import QuestionBase, Strict
from app.feedback.rubric import Criterion

StarPart = Literal["situation", "task", "action", "result", "reflection"]
STAR_PARTS: tuple[StarPart, ...] = ("situation", "task", "action", "result", "reflection")
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The STAR rubric's criteria (their anchors and cue terms are data: star.toml); each has a
# signal of its own in signals.py, so the ids are fixed here and star.toml must give them all
StarCriterionId = Literal[
    "situation",
    "task",
    "action",
    "result",
    "first-person",
    "quantified-result",
    "reflection",
    "length-fit",
]
STAR_IDS: tuple[StarCriterionId, ...] = (
    "situation",
    "task",
    "action",
    "result",
    "first-person",
    "quantified-result",
    "reflection",
    "length-fit",
)


class StarStory(Strict):
    """A story told in STAR form, with what the teller learned: the reference answer."""

    situation: str = Field(min_length=20)
    task: str = Field(min_length=20)
    action: str = Field(min_length=40)
    result: str = Field(min_length=20)
    reflection: str = Field(min_length=20)

    def text(self) -> str:
        """The story as one spoken answer, its parts in order."""
        return "\n\n".join(getattr(self, part) for part in STAR_PARTS)


class BehavioralQuestion(QuestionBase):
    kind: Literal["behavioral"]
    competency: str = Field(pattern=SLUG)  # checked against competencies.toml by the check
    listens_for: str = Field(min_length=40)  # markdown: what the question is really asking
    follow_ups: list[str] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=2)
    reference: StarStory

    @model_validator(mode="after")
    def _criteria_are_its_own(self) -> BehavioralQuestion:
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError("criterion ids must be unique within a prompt")
        shared = sorted(set(ids) & set(STAR_IDS))
        if shared:
            raise ValueError(f"criterion ids {shared} are the STAR rubric's: pick other ids")
        return self
