"""Question models: content files are loaded into these and validated like code.

Every question has a `kind`; only SQL questions exist so far, and the loader picks the model by
kind so that other kinds (system design, flashcards...) slot in beside it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.sqlengine.compare import ColumnNames, GradingPolicy, Ordering
from app.sqlengine.grade import Reference

DiagnosticCode = Literal[
    "column_count",
    "column_order",
    "column_names",
    "missing_rows",
    "extra_rows",
    "duplicate_rows",
    "wrong_order",
    "rounding",
    "null_vs_empty",
    "null_vs_zero",
    "too_many_rows",
    "error",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class SqlText(Strict):
    sql: str = Field(min_length=1)
    dialect: Literal["postgres", "duckdb"] = "postgres"
    note: str = ""


class WrongAnswer(SqlText):
    diagnostic: DiagnosticCode


class Grading(Strict):
    ordering: Ordering = Ordering.UNORDERED
    tie_columns: list[str] = []
    tolerance: float = Field(default=1e-6, ge=1e-9, le=1.0)
    column_names: ColumnNames = ColumnNames.IGNORE

    @model_validator(mode="after")
    def _ties_need_ordering(self) -> Grading:
        if self.tie_columns and self.ordering != Ordering.ORDERED_WITH_TIES:
            raise ValueError("tie_columns only applies when ordering = 'ordered_with_ties'")
        if self.ordering == Ordering.ORDERED_WITH_TIES and not self.tie_columns:
            raise ValueError("ordering 'ordered_with_ties' needs tie_columns")
        return self

    def policy(self) -> GradingPolicy:
        return GradingPolicy(
            self.ordering, tuple(self.tie_columns), self.tolerance, self.column_names
        )


class SqlQuestion(Strict):
    kind: Literal["sql"]
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    dataset: str
    difficulty: Difficulty
    topics: list[str] = Field(min_length=1)
    time_budget_minutes: int = Field(ge=1, le=120)
    prompt: str = Field(min_length=10)
    hints: list[str] = Field(min_length=1)
    explanation: str = Field(min_length=10)
    grading: Grading = Grading()
    solution: SqlText
    alternatives: list[SqlText] = []
    wrong_answers: list[WrongAnswer] = []

    def reference(self) -> Reference:
        """What submissions to this question are graded against."""
        return Reference(
            self.dataset, self.solution.sql, self.solution.dialect, self.grading.policy()
        )


Question = SqlQuestion
QUESTION_KINDS: dict[str, type[Question]] = {"sql": SqlQuestion}
