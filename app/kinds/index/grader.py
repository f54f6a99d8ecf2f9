"""An index answer graded structurally: all or nothing, with a finding for each part that does
not serve the query as the reference does."""

from __future__ import annotations

from typing import Any

from app.kinds.index.answer import IndexAnswer
from app.kinds.index.compare import findings
from app.kinds.index.conditions import query_conditions
from app.kinds.index.keys import written_order
from app.kinds.index.models import IndexQuestion
from app.kinds.index.reading import CandidateIndex, KeyPart, NotAnIndex, read_index
from app.kinds.index.spec import required_index
from app.kinds.outcome import FULL_SCORE, Outcome
from app.kinds.registry import Services

CORRECT, INCORRECT, REJECTED = "correct", "incorrect", "rejected"


class IndexGrader:
    def grade(self, question: IndexQuestion, answer: IndexAnswer, *, client: str | None) -> Outcome:
        return grade_index(question, answer.sql)


def make_grader(services: Services) -> IndexGrader:
    return IndexGrader()


def grade_index(question: IndexQuestion, sql: str) -> Outcome:
    """Correct (score 1) when nothing is found wrong; otherwise incorrect with the findings, or
    rejected when the answer is not one CREATE INDEX. A wrong answer misses the topics."""
    try:
        candidate = read_index(sql)
    except NotAnIndex as error:
        rejected: dict[str, Any] = {"error": str(error), "findings": []}
        return Outcome(REJECTED, 0.0, rejected, list(question.topics))
    found = findings(candidate, required_index(question.accept), query_conditions(question.query))
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
