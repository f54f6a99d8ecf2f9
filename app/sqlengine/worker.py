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
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import duckdb

from app.sqlengine.connection import Limits, open_hardened


@dataclass(frozen=True)
class ColumnMeta:
    name: str
    type: str


@dataclass
class QueryResult:
    """Rows of a query, capped at the row limit (`truncated` says whether more existed)."""

    columns: list[ColumnMeta]
    rows: list[tuple[Any, ...]]
    truncated: bool
    elapsed_ms: float


@dataclass(frozen=True)
class Job:
    dataset: str
    sql: str
    max_rows: int


@dataclass(frozen=True)
class Failure:
    """A query that failed inside the worker: `kind` is 'runtime', 'timeout' or 'too_large'."""

    kind: str
    message: str


def serve(conn: Connection, datasets: dict[str, Path], limits: Limits) -> None:
    """Worker entry point: cap the address space, then answer jobs until the pipe closes."""
    cap = limits.address_space_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    connections: dict[str, duckdb.DuckDBPyConnection] = {}
    conn.send_bytes(b"ready")
    while True:
        try:
            job: Job = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        conn.send_bytes(
            _answer(job, _connection(connections, datasets, job.dataset, limits), limits)
        )


def _connection(
    cache: dict[str, duckdb.DuckDBPyConnection],
    datasets: dict[str, Path],
    name: str,
    limits: Limits,
) -> duckdb.DuckDBPyConnection:
    if name not in cache:
        cache[name] = open_hardened(datasets[name], limits)
    return cache[name]


def _answer(job: Job, database: duckdb.DuckDBPyConnection, limits: Limits) -> bytes:
    try:
        result: QueryResult | Failure = execute(database, job, limits)
    except MemoryError:
        result = Failure("resource", "The query needed more memory than practice allows.")
    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) > limits.max_result_bytes:
        too_big = f"The result is larger than {limits.max_result_bytes // 1024 // 1024} MiB."
        payload = pickle.dumps(Failure("too_large", too_big))
    return payload


def execute(database: duckdb.DuckDBPyConnection, job: Job, limits: Limits) -> QueryResult | Failure:
    """Run one query on a fresh cursor, interrupting it when the time limit passes."""
    cursor = database.cursor()
    timer = threading.Timer(limits.timeout_s, cursor.interrupt)
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
        cursor.close()
    elapsed = (time.perf_counter() - started) * 1000
    return QueryResult(columns, rows[: job.max_rows], len(rows) > job.max_rows, elapsed)
