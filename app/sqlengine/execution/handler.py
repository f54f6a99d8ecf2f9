"""The loop inside a query worker process: run one query at a time under hard limits.

It runs in a child process so that a query which ignores DuckDB's own limits (some single
expressions allocate past `memory_limit` and never check `interrupt()`) takes down only this
process, which the pool then replaces.
"""

from __future__ import annotations

import pickle
import resource
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import duckdb

from app.sqlengine.execution.connection import Limits, open_hardened
from app.sqlengine.grading.judging import GradeJob, ReferenceCache, judge
from app.sqlengine.execution.results import ColumnMeta, Failure, Job, QueryResult
from app.sandbox.watchdog import INTERRUPTED, QUERY_STARTED

Notify = Callable[[bytes], None]


def serve(conn: Connection, datasets: dict[str, Path], limits: Limits) -> None:
    """Worker entry point: cap the address space, then answer jobs until the pipe closes."""
    cap = limits.address_space_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    connections: dict[str, duckdb.DuckDBPyConnection] = {}
    references = ReferenceCache()
    conn.send_bytes(b"ready")
    while True:
        try:
            job: Job | GradeJob = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        database = _connection(connections, datasets, job.dataset, limits)
        conn.send_bytes(_answer(job, database, limits, references, conn.send_bytes))


def _connection(
    cache: dict[str, duckdb.DuckDBPyConnection],
    datasets: dict[str, Path],
    name: str,
    limits: Limits,
) -> duckdb.DuckDBPyConnection:
    if name not in cache:
        cache[name] = open_hardened(datasets[name], limits)
    return cache[name]


def _answer(
    job: Job | GradeJob,
    database: duckdb.DuckDBPyConnection,
    limits: Limits,
    references: ReferenceCache,
    notify: Notify,
) -> bytes:
    def run(sql: str) -> QueryResult | Failure:
        notify(QUERY_STARTED)  # the watchdog's clock starts with the query, as the timer's does
        return execute(database, Job(job.dataset, sql, job.max_rows), limits, notify)

    try:
        result = run(job.sql) if isinstance(job, Job) else judge(job, run, references)
    except MemoryError:
        result = Failure("resource", "The query needed more memory than practice allows.")
    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) > limits.max_result_bytes:
        too_big = f"The result is larger than {limits.max_result_bytes // 1024 // 1024} MiB."
        payload = pickle.dumps(Failure("too_large", too_big))
    return payload


def execute(
    database: duckdb.DuckDBPyConnection, job: Job, limits: Limits, notify: Notify
) -> QueryResult | Failure:
    """Run one query on a fresh cursor, interrupting it when the time limit passes (and
    telling the pool so: an expression that then still runs cannot be interrupted)."""
    cursor = database.cursor()

    def interrupt() -> None:
        cursor.interrupt()
        notify(INTERRUPTED)

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
