"""The sandbox's worker pool running SQL: jobs for the datasets in, SQL errors out.

The pool itself (`app.sandbox.pool`) kills, replaces and lowers workers; this face of it checks
the dataset, and says in the candidate's words what a limit of the sandbox or a failed query
means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from app.sandbox.errors import (
    AnswerTooLarge,
    IgnoredInterrupt,
    JobTimeout,
    OutOfMemory,
    SandboxError,
    WorkerDied,
)
from app.sandbox.pool import WorkerPool
from app.sqlengine.errors import (
    QueryRuntimeError,
    QueryTimeoutError,
    ResourceLimitError,
    ResultTooLargeError,
    SqlError,
    UnknownDatasetError,
)
from app.sqlengine.execution.connection import Limits
from app.sqlengine.execution.handler import QueryAnswer, QueryHandler, QueryJob
from app.sqlengine.execution.results import Failure, Job, QueryResult
from app.sqlengine.grading.judging import GradeJob, Judgement

FAILURES: dict[str, type[SqlError]] = {
    "runtime": QueryRuntimeError,
    "timeout": QueryTimeoutError,
    "resource": ResourceLimitError,
}


class QueryWorkers(WorkerPool[QueryJob, QueryAnswer]):
    """Pre-started worker processes that run queries against the datasets' DuckDB files."""

    limits: Limits

    def __init__(
        self, datasets: Mapping[str, Path], *, size: int = 2, limits: Limits | None = None
    ):
        self.datasets = dict(datasets)
        limits = limits or Limits()
        super().__init__(QueryHandler(self.datasets, limits), size=size, limits=limits)

    def run(self, dataset: str, sql: str, *, max_rows: int | None = None) -> QueryResult:
        """Run `sql` (already validated and translated) on `dataset`; raise SqlError on failure."""
        answer = self._query(Job(dataset, sql, max_rows or self.limits.max_rows))
        assert isinstance(answer, QueryResult)
        return answer

    def grade(self, job: GradeJob) -> Judgement:
        """Run a candidate's query and compare it with the reference inside a worker."""
        answer = self._query(job)
        assert isinstance(answer, Judgement)
        return answer

    def _query(self, job: QueryJob) -> QueryResult | Judgement:
        if job.dataset not in self.datasets:
            raise UnknownDatasetError(f"There is no dataset {job.dataset!r}.")
        try:
            answer = self.submit(job)
        except SandboxError as error:
            raise in_sql_terms(error, self.limits) from None
        if isinstance(answer, Failure):
            raise FAILURES[answer.kind](answer.message)
        return answer


def in_sql_terms(error: SandboxError, limits: Limits) -> SqlError:
    """The SQL error for a query the sandbox stopped, in words about the query."""
    return SANDBOX_ERRORS[type(error)](limits)


def _timeout(limits: Limits) -> SqlError:
    return QueryTimeoutError(f"The query ran longer than {limits.timeout_s:g} s and was stopped.")


def _ignored_interrupt(limits: Limits) -> SqlError:
    return ResourceLimitError(
        f"The query did not stop at the {limits.timeout_s:g} s limit (some expressions, like "
        "huge strings or lists, cannot be interrupted) and was cancelled. Work on less data at "
        "once."
    )


def _too_large(limits: Limits) -> SqlError:
    mib = limits.max_result_bytes // 1024 // 1024
    return ResultTooLargeError(f"The result is larger than {mib} MiB.")


SANDBOX_ERRORS: dict[type[SandboxError], Callable[[Limits], SqlError]] = {
    JobTimeout: _timeout,
    IgnoredInterrupt: _ignored_interrupt,
    OutOfMemory: lambda _: ResourceLimitError("The query needed more memory than practice allows."),
    WorkerDied: lambda _: ResourceLimitError(
        "The query used more memory than practice allows and was cancelled."
    ),
    AnswerTooLarge: _too_large,
}
