"""Walkthroughs: a round's pace (strict or soft), the section a round stage is for, autosaved
drafts and self-assessments per section of a question.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-16

Written by hand, frozen: it names every constraint itself and imports nothing from the app.

Every existing round is strict (the server default), as every round was; no stage has a section.

rounds is altered in place, never copied: on SQLite a batch copy drops the old table, and with
foreign keys on, dropping it deletes every stage, attempt and hint of every round (ON DELETE
CASCADE). ADD COLUMN can carry its CHECK on both backends, and DROP COLUMN takes it along.

A draft or an assessment is unique per (user, question, round, section), and outside rounds
per (user, question, section): two partial unique indexes, since a unique constraint takes
NULL round ids as all different (on SQLite, and on PostgreSQL before NULLS NOT DISTINCT).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PER_SECTION_TABLES = ("drafts", "self_assessments")


def upgrade() -> None:
    pace_known = sa.CheckConstraint("pace IN ('strict', 'soft')", name=op.f("ck_rounds_pace_known"))
    op.add_column(
        "rounds", sa.Column("pace", sa.Text, pace_known, nullable=False, server_default="strict")
    )
    op.add_column("round_stages", sa.Column("section", sa.Text, nullable=True))
    content = sa.Column("content", sa.JSON, nullable=False)
    version = sa.Column("version", sa.Integer, nullable=False)
    version_positive = sa.CheckConstraint("version >= 1", name=op.f("ck_drafts_version_positive"))
    _create_per_section_table("drafts", content, version, version_positive)
    verdicts = sa.Column("verdicts", sa.JSON, nullable=False)
    _create_per_section_table("self_assessments", verdicts)


def _create_per_section_table(name: str, *own: sa.schema.SchemaItem) -> None:
    """A table of one row per user, question, round (or none) and section."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer, sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.Text, nullable=False),
        sa.Column("round_id", sa.String(36), nullable=True),
        sa.Column("section", sa.Text, nullable=False),
        *own,
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{name}_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f(f"fk_{name}_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("section <> ''", name=op.f(f"ck_{name}_section_not_empty")),
    )
    in_round = ["user_id", "question_id", "round_id", "section"]
    _unique_index(name, "in_round", in_round, "round_id IS NOT NULL")
    _unique_index(name, "in_practice", ["user_id", "question_id", "section"], "round_id IS NULL")


def _unique_index(table: str, suffix: str, columns: list[str], where: str) -> None:
    op.create_index(
        op.f(f"uq_{table}_{suffix}"),
        table,
        columns,
        unique=True,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def downgrade() -> None:
    _refuse_what_0003_cannot_hold()
    for name in PER_SECTION_TABLES:
        op.drop_table(name)
    op.drop_column("round_stages", "section")
    if op.get_bind().dialect.name == "postgresql":  # SQLite drops a column's CHECK with it
        op.drop_constraint(op.f("ck_rounds_pace_known"), "rounds", type_="check")
    op.drop_column("rounds", "pace")


def _refuse_what_0003_cannot_hold() -> None:
    """0003 has no pace, no sections, no drafts and no assessments: a soft round would become
    a strict one with the wrong deadline, and saved work would be lost. Refuse rather than
    lose it."""
    if op.get_context().as_sql:
        raise CommandError("the 0004 downgrade checks rows first: run it, not with --sql")
    bind = op.get_bind()
    counts = {
        "soft round(s)": "SELECT count(*) FROM rounds WHERE pace <> 'strict'",
        "stage(s) with a section": "SELECT count(*) FROM round_stages WHERE section IS NOT NULL",
        "draft(s)": "SELECT count(*) FROM drafts",
        "self-assessment(s)": "SELECT count(*) FROM self_assessments",
    }
    held = [f"{n} {what}" for what, query in counts.items() if (n := bind.scalar(sa.text(query)))]
    if held:
        raise CommandError(
            f"cannot downgrade to 0003: {', '.join(held)}, which 0003 has nowhere to keep. "
            "Delete them first, or stay at 0004."
        )
