"""An index answer graded structurally: all or nothing, with a finding for each part that does
not serve the query as the reference does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.kinds.index.answer import IndexAnswer
from app.kinds.index.columns import question_text_columns
from app.kinds.index.compare import findings
from app.kinds.index.conditions import query_conditions
from app.kinds.index.keys import written_order
from app.kinds.index.models import IndexQuestion
from app.kinds.index.reading import CandidateIndex, KeyPart, NotAnIndex, read_index
from app.kinds.index.rewrites import TextColumns
from app.kinds.index.spec import required_index
from app.kinds.outcome import FULL_SCORE, Outcome
from app.kinds.registry import Services
from app.settings import Settings

CORRECT, INCORRECT, REJECTED = "correct", "incorrect", "rejected"


@dataclass(frozen=True)
class IndexGrader:
    captures_dir: Path  # where the question's before capture names its dataset
    datasets_dir: Path = field(default_factory=lambda: Settings().datasets_dir)

    def grade(self, question: IndexQuestion, answer: IndexAnswer, *, client: str | None) -> Outcome:
        columns = question_text_columns(question, self.captures_dir, self.datasets_dir)
        return grade_index(question, answer.sql, columns)


def make_grader(services: Services) -> IndexGrader:
    return IndexGrader(services.captures())


def grade_index(
    question: IndexQuestion, sql: str, text_columns: TextColumns = frozenset()
) -> Outcome:
    """Correct (score 1) when nothing is found wrong; otherwise incorrect with the findings, or
    rejected when the answer is not one CREATE INDEX. A wrong answer misses the topics.
    `text_columns` are the table's text and varchar columns (question_text_columns)."""
    try:
        candidate = read_index(sql, text_columns)
    except NotAnIndex as error:
        rejected: dict[str, Any] = {"error": str(error), "findings": []}
        return Outcome(REJECTED, 0.0, rejected, list(question.topics))
    required = required_index(question.accept, text_columns)
    found = findings(candidate, required, query_conditions(question.query, text_columns))
    details: dict[str, Any] = {"findings": [f.as_json() for f in found]}
    details["index"] = read_back(candidate)
    if found:
        return Outcome(INCORRECT, 0.0, details, list(question.topics))
    return Outcome(CORRECT, FULL_SCORE, details, [])


def read_back(candidate: CandidateIndex) -> dict[str, Any]:
    """How the grader read the index, so a candidate can see what was compared."""
    return {
        "table": candidate.table,
        "method": candidate.method,
        "key": [_written_key(key) for key in candidate.keys],
        "include": list(candidate.include),
        "where": candidate.where,
    }


def _written_key(key: KeyPart) -> str:
    """`created_at DESC`, with NULLS only where it differs from the direction's default."""
    nulls = None if key.nulls_first == key.desc else key.nulls_first
    operator_class = f" {key.operator_class}" if key.operator_class else ""
    return written_order(key.written + operator_class, key.desc or None, nulls)
