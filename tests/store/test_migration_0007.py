"""Revision 0007 on a database a 0001 server filled: no older row changes, the model-feedback
tables start empty and take rows; the downgrade restores 0006 while no follow-up reply is
stored (the cache and token counts are derived and go), and refuses while one is."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.util import CommandError

from app.store import Store
from app.store.llm_repository import save_replies
from tests.store.conftest import T0
from tests.store.state_0001 import fill_0001, migrate_to, rows_of

OLD_TABLES = ("users", "rounds", "attempts", "hint_reveals", "idempotency_records")
NEW_TABLES = {"llm_feedback", "llm_token_days", "follow_up_replies"}


def test_upgrading_keeps_every_row_and_adds_empty_tables(store_at_0001: Store) -> None:
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0006")
    before = rows_of(store_at_0001, OLD_TABLES)
    migrate_to(store_at_0001, "0007")
    assert rows_of(store_at_0001, OLD_TABLES) == before
    with store_at_0001.session() as session:
        for table in NEW_TABLES:
            assert session.scalar(sa.text(f"SELECT count(*) FROM {table}")) == 0
        attempt = state.attempts[0]["id"]
        save_replies(
            session, user_id=state.local_user, attempt_id=attempt, replies=[("q", "r")], now=T0
        )


def test_the_downgrade_restores_0006_and_refuses_to_lose_replies(store_at_0001: Store) -> None:
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0007")
    migrate_to(store_at_0001, "0006", down=True)
    assert NEW_TABLES.isdisjoint(sa.inspect(store_at_0001.engine).get_table_names())
    migrate_to(store_at_0001, "0007")
    with store_at_0001.session() as session:
        attempt = state.attempts[0]["id"]
        save_replies(
            session, user_id=state.local_user, attempt_id=attempt, replies=[("q", "r")], now=T0
        )
    with pytest.raises(CommandError, match="1 stored follow-up reply"):
        migrate_to(store_at_0001, "0006", down=True)
    assert set(sa.inspect(store_at_0001.engine).get_table_names()) >= NEW_TABLES
