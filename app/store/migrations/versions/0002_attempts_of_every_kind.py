"""Attempts of every kind: the kind, the answer as JSON, a score, the grader's details, and the
criteria or topics the answer missed. The SQL columns become part of the SQL answer.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Written by hand, frozen: it names every constraint itself and imports nothing from the app.

Existing rows are copied in Python, a batch of rows at a time, through SQLAlchemy's JSON type
rather than with each backend's JSON functions (json_object, json_build_object): one code path
for SQLite and PostgreSQL, no dependence on SQLite's JSON functions, and the values go through
the same serializer that wrote them, so they read back exactly as they went in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH_SIZE = 1000
# The SQL grader's statuses, the only ones 0001's CHECK accepts (a downgrade keeps only these).
SQL_STATUSES = ("correct", "incorrect", "error", "timeout", "rejected", "too_many_rows")
SQL_COLUMNS = ("sql", "dialect", "diagnostics", "error", "row_count")
KIND_COLUMNS = ("kind", "answer", "score", "details", "missed")

# Both generations of the table's columns, to read and write rows with SQLAlchemy Core.
attempts = sa.table(
    "attempts",
    sa.column("id", sa.Integer),
    sa.column("status", sa.Text),
    sa.column("sql", sa.Text),
    sa.column("dialect", sa.Text),
    sa.column("diagnostics", sa.JSON),
    sa.column("error", sa.JSON(none_as_null=True)),
    sa.column("row_count", sa.Integer),
    sa.column("kind", sa.Text),
    sa.column("answer", sa.JSON),
    sa.column("score", sa.Float),
    sa.column("details", sa.JSON),
    sa.column("missed", sa.JSON),
)


def _kind_columns() -> list[sa.Column[Any]]:
    """Nullable until every row is filled in."""
    return [
        sa.Column("kind", sa.Text, nullable=True),
        sa.Column("answer", sa.JSON, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("details", sa.JSON, nullable=True),
        sa.Column("missed", sa.JSON, nullable=True),
    ]


def _sql_columns() -> list[sa.Column[Any]]:
    """0001's SQL columns, nullable until every row is filled in."""
    return [
        sa.Column("sql", sa.Text, nullable=True),
        sa.Column("dialect", sa.Text, nullable=True),
        sa.Column("diagnostics", sa.JSON, nullable=True),
        sa.Column("error", sa.JSON, nullable=True),
        sa.Column("row_count", sa.Integer, nullable=True),
    ]


def upgrade() -> None:
    _refuse_offline()
    for column in _kind_columns():
        op.add_column("attempts", column)
    _fill_kind_columns()
    # SQLite cannot alter or drop in place: the batch copies the table, keeping its named
    # foreign keys, CHECKs and indexes; PostgreSQL gets plain ALTER TABLE statements.
    with op.batch_alter_table("attempts") as batch:
        for name in KIND_COLUMNS:
            batch.alter_column(name, nullable=False)
        batch.drop_constraint(op.f("ck_attempts_status"), type_="check")
        # Statuses are each kind's own vocabulary, checked in code by the kind's grader.
        batch.create_check_constraint(op.f("ck_attempts_kind_not_empty"), "kind <> ''")
        batch.create_check_constraint(op.f("ck_attempts_status_not_empty"), "status <> ''")
        batch.create_check_constraint(
            op.f("ck_attempts_score_in_unit_interval"), "score >= 0 AND score <= 1"
        )
        for name in SQL_COLUMNS:
            batch.drop_column(name)


def _refuse_offline() -> None:
    """Rows are read and rewritten here, which a printed SQL script cannot do."""
    if op.get_context().as_sql:
        raise CommandError("revision 0002 moves rows: run it on the database, not with --sql")


def _fill_kind_columns() -> None:
    """Every 0001 attempt is an SQL attempt: its SQL columns become its answer and details."""
    bind = op.get_bind()
    solved = sa.case((attempts.c.status == "correct", 1.0), else_=0.0)
    bind.execute(sa.update(attempts).values(kind="sql", score=solved, missed=[]))
    fill = _update_by_id(new_answer="answer", new_details="details")
    for rows in _batches(bind, SQL_COLUMNS):
        bind.execute(fill, [_as_kind_values(row) for row in rows])


def _as_kind_values(row: sa.Row[Any]) -> dict[str, Any]:
    details = {"diagnostics": row.diagnostics, "error": row.error, "row_count": row.row_count}
    return {
        "row_id": row.id,
        "new_answer": {"sql": row.sql, "dialect": row.dialect},
        "new_details": details,
    }


def downgrade() -> None:
    _refuse_offline()
    _refuse_what_0001_cannot_hold()
    for column in _sql_columns():
        op.add_column("attempts", column)
    _fill_sql_columns()
    with op.batch_alter_table("attempts") as batch:
        for name in ("sql", "dialect", "diagnostics"):
            batch.alter_column(name, nullable=False)
        for name in ("kind_not_empty", "status_not_empty", "score_in_unit_interval"):
            batch.drop_constraint(op.f(f"ck_attempts_{name}"), type_="check")
        batch.create_check_constraint(
            op.f("ck_attempts_status"),
            "status IN (" + ", ".join(f"'{s}'" for s in SQL_STATUSES) + ")",
        )
        for name in KIND_COLUMNS:
            batch.drop_column(name)


def _refuse_what_0001_cannot_hold() -> None:
    """0001 holds only SQL attempts with the SQL grader's statuses: refuse rather than lose any."""
    bind = op.get_bind()
    foreign = sa.or_(attempts.c.kind != "sql", attempts.c.status.not_in(SQL_STATUSES))
    kinds = sorted(bind.scalars(sa.select(attempts.c.kind).where(foreign).distinct()))
    if kinds:
        count = bind.scalar(sa.select(sa.func.count()).select_from(attempts).where(foreign))
        raise CommandError(
            f"cannot downgrade to 0001: {count} attempt(s) of kind {', '.join(kinds)} are not "
            "SQL attempts with a status 0001 knows, and 0001 has nowhere to keep them. "
            "Delete them first, or stay at 0002."
        )


def _fill_sql_columns() -> None:
    bind = op.get_bind()
    fill = _update_by_id(
        new_sql="sql",
        new_dialect="dialect",
        new_diagnostics="diagnostics",
        new_error="error",
        new_row_count="row_count",
    )
    for rows in _batches(bind, ("answer", "details")):
        bind.execute(fill, [_as_sql_values(row) for row in rows])


def _as_sql_values(row: sa.Row[Any]) -> dict[str, Any]:
    details = row.details
    return {
        "row_id": row.id,
        "new_sql": row.answer["sql"],
        "new_dialect": row.answer["dialect"],
        "new_diagnostics": details.get("diagnostics", []),
        "new_error": details.get("error"),
        "new_row_count": details.get("row_count"),
    }


def _update_by_id(**columns_by_parameter: str) -> sa.Update:
    """An UPDATE of one row (parameter `row_id`) setting each column from its parameter."""
    values = {
        column: sa.bindparam(parameter, type_=attempts.c[column].type)
        for parameter, column in columns_by_parameter.items()
    }
    return sa.update(attempts).where(attempts.c.id == sa.bindparam("row_id")).values(values)


def _batches(bind: sa.Connection, columns: Sequence[str]) -> Iterator[Sequence[sa.Row[Any]]]:
    """Every row's id and `columns`, in id order, BATCH_SIZE rows at a time (keyset paging)."""
    last_id = None
    while True:
        query = sa.select(attempts.c.id, *(attempts.c[name] for name in columns))
        if last_id is not None:
            query = query.where(attempts.c.id > last_id)
        rows = bind.execute(query.order_by(attempts.c.id).limit(BATCH_SIZE)).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1].id
