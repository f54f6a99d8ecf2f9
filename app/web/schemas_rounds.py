"""Bodies of the rounds API: plans of stages, their clocks and summaries (part of the OpenAPI
schema at /docs, beside schemas.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.web.schemas import Body


class StageRequest(Body):
    """One stage: given questions or a recipe (count, topics, difficulty), and its budget."""

    name: str = Field(min_length=1, max_length=60, examples=["Requirements"])
    question_ids: list[str] | None = Field(default=None, min_length=1, max_length=20)
    count: int | None = Field(default=None, ge=1, le=20)
    topics: list[str] = Field(default=[], max_length=20)
    difficulty: Literal["easy", "medium", "hard"] | None = None
    kind: str = Field(
        default="sql",
        pattern=r"^[a-z]+$",
        description="The kind of question a recipe (count, topics, difficulty) picks.",
    )
    time_limit_s: int = Field(ge=60, le=4 * 3600, examples=[600])
    section: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        examples=["requirements"],
        description="The section of its questions answered in this stage (a kind's section id, "
        "e.g. a walkthrough's stage); an answer for a section goes to the stage holding it.",
    )


class RoundRequest(Body):
    """Today's one-stage shape (questions or a recipe, and time_limit_s), or `stages`."""

    question_ids: list[str] | None = Field(default=None, min_length=1, max_length=20)
    count: int | None = Field(default=None, ge=1, le=20)
    topics: list[str] = Field(default=[], max_length=20)
    difficulty: Literal["easy", "medium", "hard"] | None = None
    kind: str = Field(
        default="sql",
        pattern=r"^[a-z]+$",
        description="The kind of question a recipe (count, topics, difficulty) picks.",
    )
    time_limit_s: int | None = Field(default=None, ge=60, le=4 * 3600, examples=[2700])
    stages: list[StageRequest] | None = Field(default=None, min_length=1, max_length=12)
    pace: Literal["strict", "soft"] = Field(
        default="strict",
        description="strict: a stage ends at its budget. soft: moving on early is allowed, going "
        "over is marked, not blocked; the round ends at the latest after twice its budgets.",
    )

    @model_validator(mode="after")
    def _one_shape(self) -> RoundRequest:
        if (self.stages is None) == (self.time_limit_s is None):
            raise ValueError("give either time_limit_s (one stage) or stages, not both")
        return self


class StageOut(BaseModel):
    position: int
    name: str
    question_ids: list[str]
    section: str | None
    time_limit_s: int
    started_at: str = Field(description="For an upcoming stage, when it would start.")
    deadline_at: str = Field(description="started_at plus its budget.")
    remaining_s: float = Field(description="Of its budget.")
    over_budget_s: float = Field(
        description="How long past its budget it ran (soft pace; 0 at a strict one): ticking "
        "while it is current, fixed once it is over."
    )
    status: Literal["upcoming", "current", "over"]


class AdvanceRequest(Body):
    leaving: int = Field(
        ge=0, description="The stage being left, so a repeated click cannot skip two."
    )


class StageSummaryOut(BaseModel):
    position: int
    name: str
    over_budget_s: float
    questions: list[RoundQuestionOut]


class RoundQuestionOut(BaseModel):
    question_id: str
    title: str
    status: str
    attempts: int
    late_attempts: int
    hints_used: int
    first_correct_s: float | None


class RoundOut(BaseModel):
    id: str
    started_at: str
    deadline_at: str
    finished_at: str | None
    time_limit_s: int
    pace: Literal["strict", "soft"]
    remaining_s: float = Field(
        description="From the server's clock, so every tab agrees; to deadline_at, which for a "
        "soft round is its hard end."
    )
    over: bool
    questions: list[RoundQuestionOut]
    stages: list[StageOut]
    current_stage: int | None = Field(description="The running stage's position; null once over.")


class RoundSummaryOut(BaseModel):
    id: str
    score: int
    out_of: int
    questions: list[RoundQuestionOut]
    topics_to_work_on: list[str]
    stages: list[StageSummaryOut]
