"""Rounds as plans of stages: a round_stages table, and the stage each attempt in a round
belongs to. Every existing round becomes one stage holding its questions and time limit; its
attempts belong to that stage.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-09

Written by hand, frozen: it names every constraint itself and imports nothing from the app.

A table rather than a JSON plan on rounds: the database checks each budget and position, and
"which stages hold this question" stays a query. The rounds row keeps question_ids,
time_limit_s and deadline_at (every stage's questions, the budgets summed, the known end), so
the rounds list and the running-round lookups do not change.

The copy is one INSERT ... SELECT: same column types on both sides, so it is correct on
SQLite and PostgreSQL alike and the upgrade can be printed with --sql (the downgrade cannot:
it must look at the rows first).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The name a one-stage round's stage gets, here and in the app: a downgrade keeps only these.
ONE_STAGE_NAME = "Questions"


def upgrade() -> None:
    op.create_table(
        "round_stages",
        sa.Column("round_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("question_ids", sa.JSON, nullable=False),
        sa.Column("time_limit_s", sa.Integer, nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("round_id", "position", name=op.f("pk_round_stages")),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_stages_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_round_stages_position_not_negative")),
        sa.CheckConstraint("time_limit_s > 0", name=op.f("ck_round_stages_time_limit_positive")),
        sa.CheckConstraint("name <> ''", name=op.f("ck_round_stages_name_not_empty")),
    )
    op.execute(
        "INSERT INTO round_stages (round_id, position, name, question_ids, time_limit_s) "
        f"SELECT id, 0, '{ONE_STAGE_NAME}', question_ids, time_limit_s FROM rounds"
    )
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("stage", sa.Integer, nullable=True))
        batch.create_check_constraint(op.f("ck_attempts_stage_not_negative"), "stage >= 0")
    op.execute("UPDATE attempts SET stage = 0 WHERE round_id IS NOT NULL")


def downgrade() -> None:
    _refuse_what_0002_cannot_hold()
    with op.batch_alter_table("attempts") as batch:
        batch.drop_constraint(op.f("ck_attempts_stage_not_negative"), type_="check")
        batch.drop_column("stage")
    op.drop_table("round_stages")


def _refuse_what_0002_cannot_hold() -> None:
    """0002 knows one deadline over a list of questions: a round with several stages, or a
    named one, would lose its plan. Refuse rather than lose it."""
    if op.get_context().as_sql:
        raise CommandError("the 0003 downgrade checks rows first: run it, not with --sql")
    stages = sa.table(
        "round_stages", sa.column("round_id"), sa.column("position"), sa.column("name")
    )
    planned = sa.or_(stages.c.position > 0, stages.c.name != ONE_STAGE_NAME)
    query = sa.select(sa.func.count(sa.distinct(stages.c.round_id))).where(planned)
    count = op.get_bind().scalar(query)
    if count:
        raise CommandError(
            f"cannot downgrade to 0002: {count} round(s) have several stages or a named stage, "
            "which 0002 has nowhere to keep. Delete those rounds first, or stay at 0003."
        )
