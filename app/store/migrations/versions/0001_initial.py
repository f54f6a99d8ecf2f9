"""Initial schema: users (with the local user), rounds, attempts, hint reveals, idempotency.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Written by hand, frozen: it names every constraint itself and imports nothing from the app,
so later changes to the models cannot change what this revision does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("correct", "incorrect", "error", "timeout", "rejected", "too_many_rows")


def _when(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user_id(table: str) -> sa.Column[int]:
    fk = sa.ForeignKey("users.id", name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE")
    return sa.Column("user_id", sa.Integer, fk, nullable=False)


def _round_id(table: str) -> sa.Column[str]:
    fk = sa.ForeignKey("rounds.id", name=op.f(f"fk_{table}_round_id_rounds"), ondelete="CASCADE")
    return sa.Column("round_id", sa.String(36), fk, nullable=True)


def _serial_id(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    column = sa.Column("id", sa.Integer, sa.Identity(), nullable=False)
    return column, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def upgrade() -> None:
    users = op.create_table(
        "users",
        *_serial_id("users"),
        sa.Column("name", sa.Text, nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    _create_rounds()
    _create_attempts()
    _create_hint_reveals()
    _create_idempotency_records()
    op.bulk_insert(users, [{"name": "local", "created_at": datetime.now(UTC)}])


def _create_rounds() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", sa.String(36), nullable=False),
        _user_id("rounds"),
        sa.Column("question_ids", sa.JSON, nullable=False),
        sa.Column("time_limit_s", sa.Integer, nullable=False),
        _when("started_at"),
        _when("deadline_at"),
        _when("finished_at", nullable=True),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.CheckConstraint("time_limit_s > 0", name=op.f("ck_rounds_time_limit_positive")),
    )
    op.create_index(op.f("ix_rounds_user_id_started_at"), "rounds", ["user_id", "started_at"])


def _create_attempts() -> None:
    op.create_table(
        "attempts",
        *_serial_id("attempts"),
        _user_id("attempts"),
        _round_id("attempts"),
        sa.Column("question_id", sa.Text, nullable=False),
        sa.Column("sql", sa.Text, nullable=False),
        sa.Column("dialect", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("diagnostics", sa.JSON, nullable=False),
        sa.Column("error", sa.JSON, nullable=True),
        sa.Column("row_count", sa.Integer, nullable=True),
        sa.Column("elapsed_s_in_round", sa.Double, nullable=True),
        sa.Column("late", sa.Boolean, server_default=sa.false(), nullable=False),
        sa.Column("hints_used", sa.Integer, server_default=sa.text("0"), nullable=False),
        _when("submitted_at"),
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")",
            name=op.f("ck_attempts_status"),
        ),
        sa.CheckConstraint("hints_used >= 0", name=op.f("ck_attempts_hints_used_not_negative")),
    )
    op.create_index(op.f("ix_attempts_round_id"), "attempts", ["round_id"])
    op.create_index(op.f("ix_attempts_user_id_question_id"), "attempts", ["user_id", "question_id"])


def _create_hint_reveals() -> None:
    op.create_table(
        "hint_reveals",
        *_serial_id("hint_reveals"),
        _user_id("hint_reveals"),
        sa.Column("question_id", sa.Text, nullable=False),
        _round_id("hint_reveals"),
        sa.Column("hint_index", sa.Integer, nullable=False),
        _when("revealed_at"),
        sa.CheckConstraint("hint_index >= 0", name=op.f("ck_hint_reveals_hint_index_not_negative")),
    )
    op.create_index(
        op.f("ix_hint_reveals_user_id_question_id_round_id"),
        "hint_reveals",
        ["user_id", "question_id", "round_id"],
    )


def _create_idempotency_records() -> None:
    op.create_table(
        "idempotency_records",
        _user_id("idempotency_records"),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response", sa.JSON, nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotency_records")),
    )


def downgrade() -> None:
    for table in ("idempotency_records", "hint_reveals", "attempts", "rounds", "users"):
        op.drop_table(table)
