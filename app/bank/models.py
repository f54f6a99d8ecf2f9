"""What every question shares, whatever its kind: content files are loaded into these and
validated like code.

Each kind of question (sql, and later system design, flashcards...) is a subclass of
`QuestionBase` in its own package under app/kinds/, with `kind` narrowed to its own name; the
loader picks the model by `kind` from the models it is given, so this package knows no kind.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class QuestionBase(Strict):
    """The fields every kind's questions have; `kind` says which model the rest follows."""

    kind: str
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    difficulty: Difficulty
    topics: list[str] = Field(min_length=1)
    time_budget_minutes: int = Field(ge=1, le=120)
    prompt: str = Field(min_length=10)
    hints: list[str] = Field(min_length=1)
    explanation: str = Field(min_length=10)


Question = QuestionBase  # a question of any kind


def dataset_of(question: QuestionBase) -> str | None:
    """The dataset a question runs on, for kinds whose questions name one in a `dataset`
    field (sql); None for the others."""
    dataset = getattr(question, "dataset", None)
    return dataset if isinstance(dataset, str) else None
