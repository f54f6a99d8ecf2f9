"""Model feedback: its cache, the tokens used per day, and replies to follow-up questions.

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-01

Written by hand, frozen: it names every constraint itself and imports nothing from the app.

Three new tables and nothing else: no existing row changes. The downgrade refuses while a
follow-up reply is stored, since 0006 has nowhere to keep it; the cache and the token counts
are only derived data and go with it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _cache()
    op.create_table(
        "llm_token_days",
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("tokens", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_llm_token_days")),
        sa.CheckConstraint("tokens >= 0", name=op.f("ck_llm_token_days_tokens_not_negative")),
    )
    _replies()


def _cache() -> None:
    op.create_table(
        "llm_feedback",
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("prompt_version", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("tokens", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_llm_feedback")),
        sa.CheckConstraint("tokens >= 0", name=op.f("ck_llm_feedback_tokens_not_negative")),
    )


def _replies() -> None:
    table = "follow_up_replies"
    op.create_table(
        table,
        sa.Column("id", sa.Integer, sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("attempt_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            name=op.f(f"fk_{table}_attempt_id_attempts"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("attempt_id", "position", name=op.f(f"uq_{table}_attempt_id_position")),
        sa.CheckConstraint("position >= 0", name=op.f(f"ck_{table}_position_not_negative")),
        sa.CheckConstraint("question <> ''", name=op.f(f"ck_{table}_question_not_empty")),
        sa.CheckConstraint("reply <> ''", name=op.f(f"ck_{table}_reply_not_empty")),
    )


def downgrade() -> None:
    _refuse_to_lose_replies()
    op.drop_table("follow_up_replies")
    op.drop_table("llm_token_days")
    op.drop_table("llm_feedback")


def _refuse_to_lose_replies() -> None:
    """0006 has no place for follow-up replies: refuse rather than lose them."""
    if op.get_context().as_sql:
        raise CommandError("the 0007 downgrade checks rows first: run it, not with --sql")
    held = op.get_bind().scalar(sa.text("SELECT count(*) FROM follow_up_replies"))
    if held:
        raise CommandError(
            f"cannot downgrade to 0006: {held} stored follow-up reply(ies), which 0006 has "
            "nowhere to keep. Delete them, or stay at 0007."
        )
