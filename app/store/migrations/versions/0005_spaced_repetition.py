"""Spaced repetition: each user's state of each card (card_states), every rating given
(review_logs) and the cards the drills brought forward (card_pulls).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-23

Written by hand, frozen: it names every constraint itself and imports nothing from the app.

Three new tables and nothing else: no existing row changes. The downgrade refuses while any of
them holds a row, since 0004 has nowhere to keep a review history.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("card_states", "review_logs", "card_pulls")


def upgrade() -> None:
    _create_card_states()
    _create_review_logs()
    _create_card_pulls()


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def _create_card_states() -> None:
    op.create_table(
        "card_states",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("card_id", sa.Text, nullable=False),
        sa.Column("card", sa.JSON, nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "card_id", name=op.f("pk_card_states")),
        _user_fk("card_states"),
        sa.CheckConstraint(
            "state IN ('learning', 'review', 'relearning')", name=op.f("ck_card_states_state_known")
        ),
    )
    op.create_index(op.f("ix_card_states_user_id_due"), "card_states", ["user_id", "due"])


def _create_review_logs() -> None:
    op.create_table(
        "review_logs",
        sa.Column("id", sa.Integer, sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("card_id", sa.Text, nullable=False),
        sa.Column("rating", sa.Text, nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column("typed", sa.Text, nullable=True),
        sa.Column("previous_state", sa.Text, nullable=False),
        sa.Column("state_before", sa.JSON, nullable=True),
        sa.Column("undone", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_logs")),
        _user_fk("review_logs"),
        sa.CheckConstraint(
            "rating IN ('again', 'hard', 'good', 'easy')", name=op.f("ck_review_logs_rating_known")
        ),
        sa.CheckConstraint(
            "previous_state IN ('new', 'learning', 'review', 'relearning')",
            name=op.f("ck_review_logs_previous_state_known"),
        ),
        sa.CheckConstraint("duration_ms >= 0", name=op.f("ck_review_logs_duration_not_negative")),
    )
    op.create_index(
        op.f("ix_review_logs_user_id_reviewed_at"), "review_logs", ["user_id", "reviewed_at"]
    )
    op.create_index(op.f("ix_review_logs_user_id_card_id"), "review_logs", ["user_id", "card_id"])


def _create_card_pulls() -> None:
    op.create_table(
        "card_pulls",
        sa.Column("id", sa.Integer, sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("card_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("question_id", sa.Text, nullable=False),
        sa.Column("criterion", sa.Text, nullable=True),
        sa.Column("hint_index", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_pulls")),
        _user_fk("card_pulls"),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_card_pulls_reason_not_empty")),
        sa.CheckConstraint("hint_index >= 0", name=op.f("ck_card_pulls_hint_index_not_negative")),
    )
    op.create_index(
        op.f("ix_card_pulls_user_id_created_at"), "card_pulls", ["user_id", "created_at"]
    )
    op.create_index(op.f("ix_card_pulls_user_id_card_id"), "card_pulls", ["user_id", "card_id"])


def downgrade() -> None:
    _refuse_to_lose_reviews()
    for name in reversed(TABLES):
        op.drop_table(name)


def _refuse_to_lose_reviews() -> None:
    """0004 has no place for card states, ratings or pulls: refuse rather than lose them."""
    if op.get_context().as_sql:
        raise CommandError("the 0005 downgrade checks rows first: run it, not with --sql")
    bind = op.get_bind()
    held = [
        f"{n} row(s) in {name}"
        for name in TABLES
        if (n := bind.scalar(sa.text(f"SELECT count(*) FROM {name}")))
    ]
    if held:
        raise CommandError(
            f"cannot downgrade to 0004: {', '.join(held)}, which 0004 has nowhere to keep. "
            "Export the review log (drill review export-log), delete them, or stay at 0005."
        )
