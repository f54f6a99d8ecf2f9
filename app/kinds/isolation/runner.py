"""Run a scenario's statements on two real PostgreSQL connections in the given order and record
what each did.

Whether a statement waits on a lock is read from pg_locks, never guessed from time: a statement
is started on its session's own thread, then the monitor connection polls until it has either
finished or its backend holds an ungranted lock. A lock released by a COMMIT or ROLLBACK is
granted to the waiter before the releasing statement returns, so after every step each blocked
statement is seen either finished or waiting still. When both sessions wait, only the deadlock
detector can move: the run waits for it (the victim is the backend whose deadlock_timeout
expires first, which a scenario makes certain with per-session settings).
"""

from __future__ import annotations

import datetime
import decimal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from app.kinds.isolation.scenario import Scenario, Session, StepError, StepOutcome, Value

Connect = Callable[[], psycopg.Connection[tuple[Any, ...]]]  # a new autocommit connection
POLL_S = 0.005  # how long to wait for a result between two looks at pg_locks
HANG_S = 60.0  # a step neither finished nor waiting after this long is a broken scenario
WAITING = "SELECT pid FROM pg_locks WHERE NOT granted AND pid = ANY(%s)"
LEVELS = {"read committed", "repeatable read", "serializable"}


class ScenarioError(Exception):
    """The scenario cannot be run as written (not a statement's own SQL error)."""


@dataclass
class Running:
    step: int  # the step that started it
    future: Future[StepOutcome]


@dataclass
class Run:
    monitor: psycopg.Connection[tuple[Any, ...]]
    connections: dict[str, psycopg.Connection[tuple[Any, ...]]]
    pids: dict[str, int]
    threads: dict[str, ThreadPoolExecutor]
    pending: dict[str, Running] = field(default_factory=dict)
    outcomes: dict[int, StepOutcome] = field(default_factory=dict)


def run_scenario(scenario: Scenario, connect: Connect) -> list[StepOutcome]:
    """The outcome of every statement of `scenario`, run in a fresh `public` schema."""
    with ExitStack() as stack:
        monitor = stack.enter_context(connect())
        reset_schema(monitor, scenario.setup)
        run = Run(monitor, {}, {}, {})
        for name, session in scenario.sessions.items():
            connection = stack.enter_context(open_session(connect, session))
            run.connections[name] = connection
            run.pids[name] = backend_pid(connection)
            run.threads[name] = stack.enter_context(ThreadPoolExecutor(1, f"session-{name}"))
        stack.callback(cancel_pending, run)  # first on the way out: no thread left waiting
        for number, statement in enumerate(scenario.statements, start=1):
            start(run, number, statement.session, statement.sql)
            settle(run, number)
        if run.pending:
            left = ", ".join(f"step {r.step}" for r in run.pending.values())
            raise ScenarioError(f"still waiting at the end: {left}")
        return [run.outcomes[number] for number in range(1, len(scenario.statements) + 1)]


def cancel_pending(run: Run) -> None:
    """Cancel what still runs (a scenario that failed), so its thread can be joined."""
    for session in run.pending:
        run.connections[session].cancel_safe()


def reset_schema(connection: psycopg.Connection[tuple[Any, ...]], setup: str) -> None:
    connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
    connection.execute("CREATE SCHEMA public")
    connection.execute(setup.encode())  # bytes: the whole script goes as one simple query


@contextmanager
def open_session(
    connect: Connect, session: Session
) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    with connect() as connection:
        if session.isolation not in LEVELS:
            raise ScenarioError(f"unknown isolation level {session.isolation!r}")
        level = sql.SQL(session.isolation.upper())
        connection.execute(
            sql.SQL("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL {}").format(level)
        )
        for name, value in session.settings.items():
            connection.execute("SELECT set_config(%s, %s, false)", (name, value))
        yield connection


def backend_pid(connection: psycopg.Connection[tuple[Any, ...]]) -> int:
    row = connection.execute("SELECT pg_backend_pid()").fetchone()
    assert row is not None
    return int(row[0])


def start(run: Run, number: int, session: str, statement: str) -> None:
    if session in run.pending:
        busy = run.pending[session].step
        raise ScenarioError(f"step {number}: session {session} is still waiting on step {busy}")
    future = run.threads[session].submit(execute, run.connections[session], statement)
    run.pending[session] = Running(number, future)


def settle(run: Run, number: int, hang_s: float = HANG_S) -> None:
    """Wait until every running statement has finished or waits on a lock (both sessions
    waiting: until the deadlock detector has ended one)."""
    deadline = time.monotonic() + hang_s
    while True:
        collect(run, number)
        if not run.pending:
            return
        waiting = waiting_sessions(run)
        if waiting == set(run.pending) and len(waiting) < len(run.connections):
            return
        if time.monotonic() > deadline:
            raise ScenarioError(f"step {number}: neither finished nor waiting on a lock")
        wait([r.future for r in run.pending.values()], POLL_S, FIRST_COMPLETED)


def collect(run: Run, number: int) -> None:
    for session, running in list(run.pending.items()):
        if running.future.done():
            outcome = running.future.result()
            if running.step != number:
                outcome = outcome.model_copy(update={"blocked_until": number})
            run.outcomes[running.step] = outcome
            del run.pending[session]


def waiting_sessions(run: Run) -> set[str]:
    pids = [run.pids[session] for session in run.pending]
    waiting = {row[0] for row in run.monitor.execute(WAITING, (pids,))}
    return {session for session in run.pending if run.pids[session] in waiting}


def execute(connection: psycopg.Connection[tuple[Any, ...]], statement: str) -> StepOutcome:
    """One statement's outcome: its rows or the rows it changed, or its error."""
    try:
        cursor = connection.execute(statement.encode())
    except psycopg.Error as error:
        message = error.diag.message_primary or str(error)
        return StepOutcome(error=StepError(sqlstate=error.sqlstate or "XX000", message=message))
    command = cursor.statusmessage or ""
    if cursor.description is not None:
        return StepOutcome(command=command, rows=[plain_row(row) for row in cursor.fetchall()])
    changes = command.split()[0] in ("INSERT", "UPDATE", "DELETE", "MERGE") if command else False
    return StepOutcome(command=command, affected=cursor.rowcount if changes else None)


def plain_row(row: tuple[Any, ...]) -> list[Value]:
    return [plain_value(value) for value in row]


def plain_value(value: Any) -> Value:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise ScenarioError(f"a step returned {value!r}: select integers, text or booleans")
