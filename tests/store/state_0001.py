"""A state database as a 0001 server left it: rows written with SQL Core straight into the 0001
tables (reflected from the database), for the tests that upgrade it and read everything back.

Question ids are real ones from the bank, so a server started on the upgraded file can show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import command

from app.store import Store
from app.store.db import alembic_config

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DONE_ROUND = "0a9c3c52-1111-4c9e-9a77-5d0c3f0e0001"
RUNNING_ROUND = "0a9c3c52-2222-4c9e-9a77-5d0c3f0e0002"
PAID_MORE, NO_STAFF = "org-paid-more-than-manager", "org-departments-without-staff"
NEVER_ORDERED, PAY_CUTS = "shop-customers-who-never-ordered", "org-pay-cuts"
SUBMIT_KEY = "answer-1"
MISSING_ROWS = {
    "code": "missing_rows",
    "message": "2 rows are missing: NULL ≠ ''",
    "examples": [{"row": [7, "Ada", None], "count": 2}],
}


@dataclass
class State0001:
    """What went into the 0001 tables, with the ids the database gave."""

    local_user: int
    other_user: int
    rounds: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)  # each with its "id"
    hints: list[dict[str, Any]] = field(default_factory=list)
    idempotency: list[dict[str, Any]] = field(default_factory=list)

    def attempts_where(self, **values: Any) -> list[dict[str, Any]]:
        """The attempts holding these values, in submission order."""
        chosen = [a for a in self.attempts if all(a[k] == v for k, v in values.items())]
        return sorted(chosen, key=lambda a: (a["submitted_at"], a["id"]))


def migrate_to(store: Store, revision: str, *, down: bool = False) -> None:
    """Upgrade (or downgrade) the store to exactly `revision`, all or nothing (as the store
    migrates: on SQLite the driver would otherwise commit each DDL statement by itself)."""
    with store.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        move = command.downgrade if down else command.upgrade
        move(alembic_config(connection), revision)


def at_seconds(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def fill_0001(store: Store, *, request_hash: str = "0" * 64) -> State0001:
    """Rows of every kind 0001 held; `request_hash` is the stored submit's (see SUBMIT_KEY)."""
    with store.engine.begin() as connection:
        tables = sa.MetaData()
        tables.reflect(connection)
        state = State0001(_local_user(connection, tables), _insert_other_user(connection, tables))
        state.rounds = _rounds(state.local_user)
        connection.execute(tables.tables["rounds"].insert(), state.rounds)
        state.attempts = [_insert(connection, tables, "attempts", a) for a in _attempts(state)]
        state.hints = [_insert(connection, tables, "hint_reveals", h) for h in _hints(state)]
        state.idempotency = _idempotency(state, request_hash)
        connection.execute(tables.tables["idempotency_records"].insert(), state.idempotency)
    return state


def _local_user(connection: sa.Connection, tables: sa.MetaData) -> int:
    users = tables.tables["users"]
    return int(
        connection.execute(sa.select(users.c.id).where(users.c.name == "local")).scalar_one()
    )


def _insert_other_user(connection: sa.Connection, tables: sa.MetaData) -> int:
    return int(_insert(connection, tables, "users", {"name": "other", "created_at": T0})["id"])


def _insert(
    connection: sa.Connection, tables: sa.MetaData, table: str, row: dict[str, Any]
) -> dict[str, Any]:
    """Insert one row, letting the database choose its id (as a 0001 server did)."""
    # A 0001 server stored "no error" as SQL NULL, not as the JSON null a plain bind gives.
    values = {k: sa.null() if k == "error" and v is None else v for k, v in row.items()}
    inserted = connection.execute(tables.tables[table].insert().values(values))
    assert inserted.inserted_primary_key is not None
    return {**row, "id": inserted.inserted_primary_key[0]}


def _rounds(user: int) -> list[dict[str, Any]]:
    done = {
        "id": DONE_ROUND,
        "question_ids": [PAID_MORE, NO_STAFF],
        "time_limit_s": 600,
        "started_at": T0,
        "deadline_at": at_seconds(600),
        "finished_at": at_seconds(300),
        "created_at": T0,
    }
    running = {
        "id": RUNNING_ROUND,
        "question_ids": [NEVER_ORDERED],
        "time_limit_s": 2700,
        "started_at": at_seconds(86_400),
        "deadline_at": at_seconds(86_400 + 2700),
        "finished_at": None,
        "created_at": at_seconds(86_400),
    }
    return [{**done, "user_id": user}, {**running, "user_id": user}]


def _attempt(round_id: str | None, question_id: str, at: float, **fields: Any) -> dict[str, Any]:
    in_round = round_id is not None
    started = at_seconds(86_400) if round_id == RUNNING_ROUND else T0
    submitted = at_seconds(at)
    row = {
        "round_id": round_id,
        "question_id": question_id,
        "sql": f"SELECT {at} AS answer",
        "dialect": "postgres",
        "status": "incorrect",
        "diagnostics": [MISSING_ROWS],
        "error": None,
        "row_count": 3,
        "elapsed_s_in_round": (submitted - started).total_seconds() if in_round else None,
        "late": False,
        "hints_used": 0,
        "submitted_at": submitted,
    }
    return row | fields


def _attempts(state: State0001) -> list[dict[str, Any]]:
    syntax = {"code": "sql_syntax_error", "message": 'near "FORM"', "line": 1, "column": 10}
    timeout = {"code": "sql_timeout", "message": "the query ran longer than 5 s"}
    forbidden = {"code": "sql_forbidden_statement", "message": "only SELECT is allowed"}
    too_many = {"code": "sql_result_too_large", "message": "more than 10,000 rows"}
    local = [
        _attempt(DONE_ROUND, PAID_MORE, 42.5, hints_used=1),
        _attempt(DONE_ROUND, PAID_MORE, 120, status="correct", diagnostics=[], row_count=5),
        _attempt(
            DONE_ROUND,
            NO_STAFF,
            150,
            status="error",
            diagnostics=[],
            error=syntax,
            row_count=None,
            sql="SELECT * FORM departments",
        ),
        _attempt(
            DONE_ROUND,
            NO_STAFF,
            200,
            status="timeout",
            diagnostics=[],
            error=timeout,
            row_count=None,
            dialect="duckdb",
        ),
        _attempt(
            DONE_ROUND,
            NO_STAFF,
            250,
            status="rejected",
            diagnostics=[],
            error=forbidden,
            row_count=None,
            sql="DELETE FROM employees",
        ),
        _attempt(
            DONE_ROUND,
            NO_STAFF,
            400,
            status="too_many_rows",
            diagnostics=[],
            error=too_many,
            row_count=10_001,
            late=True,
            hints_used=2,
        ),
        _attempt(RUNNING_ROUND, NEVER_ORDERED, 86_460, hints_used=2),
        _attempt(None, PAY_CUTS, 90_000, status="correct", diagnostics=[], row_count=12),
        _attempt(None, PAY_CUTS, 90_060, sql="SELECT 'practice, last' AS answer"),
    ]
    theirs = [_attempt(None, PAY_CUTS, 90_030, sql="SELECT 'theirs'", row_count=None)]
    return [{**a, "user_id": state.local_user} for a in local] + [
        {**a, "user_id": state.other_user} for a in theirs
    ]


def _hints(state: State0001) -> list[dict[str, Any]]:
    def hint(user: int, question: str, round_id: str | None, index: int) -> dict[str, Any]:
        return {
            "user_id": user,
            "question_id": question,
            "round_id": round_id,
            "hint_index": index,
            "revealed_at": at_seconds(30 + index),
        }

    local, other = state.local_user, state.other_user
    return [
        hint(local, PAID_MORE, DONE_ROUND, 0),
        hint(local, NO_STAFF, DONE_ROUND, 0),
        hint(local, NO_STAFF, DONE_ROUND, 1),
        hint(local, NEVER_ORDERED, RUNNING_ROUND, 0),
        hint(local, NEVER_ORDERED, RUNNING_ROUND, 1),
        hint(local, PAY_CUTS, None, 0),
        hint(other, PAY_CUTS, None, 2),
    ]


def _idempotency(state: State0001, request_hash: str) -> list[dict[str, Any]]:
    (accepted,) = state.attempts_where(question_id=PAID_MORE, status="correct")
    mine = {
        "user_id": state.local_user,
        "key": SUBMIT_KEY,
        "request_hash": request_hash,
        "status_code": 200,
        "response": submit_response(accepted),
        "created_at": accepted["submitted_at"],
    }
    theirs = {**mine, "user_id": state.other_user, "request_hash": "f" * 64}
    return [mine, theirs | {"response": {"attempt_id": 0, "status": "incorrect"}}]


def submit_response(attempt: dict[str, Any]) -> dict[str, Any]:
    """The whole answer a 0001 server gave to this submit, keys in its order."""
    return {
        "attempt_id": attempt["id"],
        "status": attempt["status"],
        "diagnostics": attempt["diagnostics"],
        "error": attempt["error"],
        "grading": ["Rows compare as a multiset: duplicates count, order does not."],
        "row_count": attempt["row_count"],
        "expected_row_count": attempt["row_count"],
        "columns": [{"name": "answer", "type": "DOUBLE"}],
        "rows": [[attempt["row_count"]]],
        "row_marks": [None],
        "expected_columns": ["answer"],
        "round_id": attempt["round_id"],
        "late": attempt["late"],
        "elapsed_s_in_round": attempt["elapsed_s_in_round"],
        "solution": {"sql": "SELECT 1", "explanation": "A self join on the manager id."},
        "cached": False,
    }


def rows_of(store: Store, tables: tuple[str, ...]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables, in an order that does not depend on the backend."""
    with store.engine.connect() as connection:
        return {
            name: sorted(map(tuple, connection.execute(sa.text(f"SELECT * FROM {name}"))), key=repr)
            for name in tables
        }
