"""SQL questions: a prompt over a dataset, graded by comparing the candidate's result with a
reference query's under the question's grading rules."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from app.bank.models import QuestionBase, Strict
from app.sqlengine.grading.compare import ColumnNames, GradingPolicy, Ordering
from app.sqlengine.grading.verdict import Reference

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


class SqlText(Strict):
    sql: str = Field(min_length=1)
    dialect: Literal["postgres", "duckdb"] = "postgres"
    note: str = ""


class WrongAnswer(SqlText):
    diagnostic: DiagnosticCode


class Grading(Strict):
    ordering: Ordering = Ordering.UNORDERED
    tie_columns: list[str] = Field(default_factory=list)
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


class SqlQuestion(QuestionBase):
    kind: Literal["sql"]
    dataset: str
    grading: Grading = Grading()
    solution: SqlText
    alternatives: list[SqlText] = Field(default_factory=list)
    wrong_answers: list[WrongAnswer] = Field(default_factory=list)

    def reference(self) -> Reference:
        """What submissions to this question are graded against."""
        return Reference(
            self.dataset, self.solution.sql, self.solution.dialect, self.grading.policy()
        )
