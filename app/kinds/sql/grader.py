"""SQL answers graded by the SQL engine's grader, its verdict in the core's terms."""

from __future__ import annotations

from typing import Any

from app.kinds.outcome import FULL_SCORE, Outcome
from app.kinds.registry import Services
from app.kinds.sql.answer import SqlAnswer
from app.kinds.sql.models import SqlQuestion
from app.sqlengine.grading.jsonable import json_rows, jsonable
from app.sqlengine.grading.verdict import Grader, Status, Verdict


class SqlGrader:
    """All or nothing: a correct result scores 1; any other verdict misses the question's
    topics (what the candidate should work on)."""

    def __init__(self, grader: Grader) -> None:
        self.grader = grader

    def grade(self, question: SqlQuestion, answer: SqlAnswer, *, client: str | None) -> Outcome:
        """QuestionBrokenError and TooManyQueries pass through: no outcome to record."""
        verdict = self.grader.grade(question.reference(), answer.sql, answer.dialect, client)
        return outcome_of(verdict, question)


def make_grader(services: Services) -> SqlGrader:
    return SqlGrader(Grader(services.engine, services.reference_cache_dir))


def outcome_of(verdict: Verdict, question: SqlQuestion) -> Outcome:
    """Recorded: diagnostics, error and row count; shown besides: the rules, the candidate's
    first rows and their marks, the expected shape, and whether the verdict was cached."""
    solved = verdict.status == Status.CORRECT
    details = {
        "diagnostics": jsonable(verdict.diagnostics),
        "error": verdict.error,
        "row_count": verdict.row_count,
    }
    missed = [] if solved else list(question.topics)
    return Outcome(
        str(verdict.status), FULL_SCORE if solved else 0.0, details, missed, _shown(verdict)
    )


def _shown(verdict: Verdict) -> dict[str, Any]:
    result = verdict.result
    return {
        "grading": verdict.policy,
        "expected_row_count": verdict.expected_row_count,
        "columns": [{"name": c.name, "type": c.type} for c in result.columns] if result else [],
        "rows": json_rows(result.rows) if result else [],
        "row_marks": verdict.row_marks,
        "expected_columns": verdict.expected_columns,
        "cached": verdict.cached,
    }
