"""The story bank: each user's behavioral stories, in STAR form, tagged with competencies.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-06

Written by hand, frozen: it names every constraint itself and imports nothing from the app.

One new table and nothing else: no existing row changes. The downgrade refuses while a story
is stored, since 0005 has nowhere to keep it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAR_FIELDS = ("situation", "task", "action", "result", "reflection")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, sa.Identity(), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        *(sa.Column(name, sa.Text, nullable=False) for name in STAR_FIELDS),
        sa.Column("competencies", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_stories_user_id_users"), ondelete="CASCADE"
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_stories_version_positive")),
        sa.CheckConstraint("title <> ''", name=op.f("ck_stories_title_not_empty")),
    )
    op.create_index(op.f("ix_stories_user_id_updated_at"), "stories", ["user_id", "updated_at"])


def downgrade() -> None:
    _refuse_to_lose_stories()
    op.drop_table("stories")


def _refuse_to_lose_stories() -> None:
    """0005 has no place for stories: refuse rather than lose them."""
    if op.get_context().as_sql:
        raise CommandError("the 0006 downgrade checks rows first: run it, not with --sql")
    held = op.get_bind().scalar(sa.text("SELECT count(*) FROM stories"))
    if held:
        raise CommandError(
            f"cannot downgrade to 0005: {held} stored story(ies), which 0005 has nowhere to "
            "keep. Delete them, or stay at 0006."
        )
