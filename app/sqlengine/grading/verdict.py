"""Grade a candidate's query against a question's reference query.

The comparison itself runs inside a query worker (`judging.py`); this module turns its outcome,
or the error that stopped the query, into a verdict. Reference results are computed once per
dataset version and cached in the workers' memory and on disk, keyed by the dataset's content
hash and the reference query.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from app.sqlengine.engine import Answer, SqlEngine
from app.sqlengine.errors import QuestionBrokenError, SqlError
from app.sqlengine.execution.results import QueryResult
from app.sqlengine.grading.compare import GradingPolicy
from app.sqlengine.grading.diagnose import Diagnostic

# Part of every reference key, so of every cached reference file's name: bump it when the
# classes pickled in those files move or change (2: they moved to app.sqlengine.grading), and
# files written before are never read.
REFERENCE_FORMAT = "reference 2"


class Status(StrEnum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    ERROR = "error"
    TIMEOUT = "timeout"
    REJECTED = "rejected"
    TOO_MANY_ROWS = "too_many_rows"


ERROR_STATUS = {
    "sql_syntax_error": Status.ERROR,
    "sql_runtime_error": Status.ERROR,
    "sql_resource_limit": Status.TIMEOUT,
    "sql_timeout": Status.TIMEOUT,
    "sql_result_too_large": Status.TOO_MANY_ROWS,
}


@dataclass(frozen=True)
class Reference:
    """What a question's answer is checked against."""

    dataset: str
    sql: str
    dialect: str
    policy: GradingPolicy

    def answer(self) -> Answer:
        return Answer(self.dataset, self.sql, self.dialect)


@dataclass
class Verdict:
    status: Status
    diagnostics: list[Diagnostic] = field(default_factory=list)
    policy: list[str] = field(default_factory=list)
    expected_row_count: int | None = None
    row_count: int | None = None
    error: dict[str, object] | None = None
    result: QueryResult | None = None  # the candidate's first rows, for display
    expected_columns: list[str] = field(default_factory=list)
    row_marks: list[str | None] = field(default_factory=list)  # per shown row: "extra" or None
    cached: bool = False  # the same answer was graded before: this is that verdict

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]


class Grader:
    """Grades submissions with one engine; reference results are cached per dataset version."""

    def __init__(self, engine: SqlEngine, cache_dir: Path | None = None) -> None:
        self.engine = engine
        self.cache_dir = cache_dir

    def grade(
        self, reference: Reference, sql: str, dialect: str = "postgres", client: str | None = None
    ) -> Verdict:
        """The verdict on `sql` as an answer to `reference`, graded as `client`'s query;
        QuestionBrokenError when the reference itself fails (TooManyQueries, no verdict either,
        passes through)."""
        verdict = Verdict(Status.CORRECT, policy=reference.policy.describe())
        try:
            judgement = self.engine.judge(
                Answer(reference.dataset, sql, dialect),
                reference.answer(),
                policy=reference.policy,
                reference_key=self.reference_key(reference),
                cache_dir=self.cache_dir,
                client=client,
            )
        except QuestionBrokenError:
            raise  # the question's fault: no verdict on the answer
        except SqlError as error:
            verdict.status = ERROR_STATUS.get(error.code, Status.REJECTED)
            verdict.error = error.to_dict()
            return verdict
        verdict.diagnostics, verdict.result = judgement.diagnostics, judgement.result
        verdict.row_count, verdict.expected_row_count = (
            judgement.row_count,
            judgement.expected_row_count,
        )
        verdict.status = _status(judgement.diagnostics)
        verdict.expected_columns, verdict.row_marks = (
            judgement.expected_columns,
            judgement.row_marks,
        )
        verdict.cached = judgement.cached
        return verdict

    def reference_key(self, reference: Reference) -> str:
        info = self.engine.datasets[reference.dataset]
        text = f"{REFERENCE_FORMAT}\n{info.content_hash}\n{reference.dialect}\n{reference.sql}"
        return hashlib.sha256(text.encode()).hexdigest()


def _status(diagnostics: list[Diagnostic]) -> Status:
    if not diagnostics:
        return Status.CORRECT
    return Status.TOO_MANY_ROWS if diagnostics[0].code == "too_many_rows" else Status.INCORRECT
