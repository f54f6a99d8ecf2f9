"""The SQL job handler: what a sandbox worker does with each query or grade.

Each worker keeps its datasets' hardened connections and the reference results it has computed
from job to job. A query runs on a fresh cursor, interrupted by a timer at the time limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from app.sandbox.signals import Signals
from app.sqlengine.execution.connection import Limits, open_hardened
from app.sqlengine.execution.results import ColumnMeta, Failure, Job, QueryResult
from app.sqlengine.grading.judging import GradeJob, Judgement, ReferenceCache, judge

QueryJob = Job | GradeJob
QueryAnswer = QueryResult | Judgement | Failure


@dataclass(frozen=True)
class QueryHandler:
    """Runs queries and grades on the datasets' DuckDB files, inside a sandbox worker."""

    datasets: dict[str, Path]
    limits: Limits

    @property
    def preload(self) -> str:
        return __name__  # with DuckDB and the graders: imported once by the fork server

    def start(self) -> Callable[[QueryJob, Signals], QueryAnswer]:
        return _QueryWorker(self.datasets, self.limits).answer


class _QueryWorker:
    """One worker's open connections and cached reference results."""

    def __init__(self, datasets: dict[str, Path], limits: Limits) -> None:
        self.datasets, self.limits = datasets, limits
        self.connections: dict[str, duckdb.DuckDBPyConnection] = {}
        self.references = ReferenceCache()

    def answer(self, job: QueryJob, signals: Signals) -> QueryAnswer:
        database = self._connection(job.dataset)

        def run(sql: str) -> QueryResult | Failure:
            signals.started()  # the watchdog's clock starts with the query, as the timer's does
            return execute(database, Job(job.dataset, sql, job.max_rows), self.limits, signals)

        try:
            return run(job.sql) if isinstance(job, Job) else judge(job, run, self.references)
        except MemoryError:
            return Failure("resource", "The query needed more memory than practice allows.")

    def _connection(self, name: str) -> duckdb.DuckDBPyConnection:
        if name not in self.connections:
            self.connections[name] = open_hardened(self.datasets[name], self.limits)
        return self.connections[name]


def execute(
    database: duckdb.DuckDBPyConnection, job: Job, limits: Limits, signals: Signals
) -> QueryResult | Failure:
    """Run one query on a fresh cursor, interrupting it when the time limit passes (and
    telling the pool so: an expression that then still runs cannot be interrupted)."""
    cursor = database.cursor()

    def interrupt() -> None:
        cursor.interrupt()
        signals.interrupted()

    timer = threading.Timer(limits.timeout_s, interrupt)
    started = time.perf_counter()
    timer.start()
    try:
        rows = cursor.execute(job.sql).fetchmany(job.max_rows + 1)
        columns = [ColumnMeta(d[0], str(d[1])) for d in cursor.description or []]
    except duckdb.InterruptException:
        return Failure(
            "timeout", f"The query ran longer than {limits.timeout_s:g} s and was stopped."
        )
    except duckdb.OutOfMemoryException:
        return Failure("resource", "The query needed more memory than practice allows.")
    except duckdb.Error as error:
        return Failure("runtime", str(error))
    finally:
        timer.cancel()
        timer.join()  # its message, if any, goes before the answer
        cursor.close()
    elapsed = (time.perf_counter() - started) * 1000
    return QueryResult(columns, rows[: job.max_rows], len(rows) > job.max_rows, elapsed)
