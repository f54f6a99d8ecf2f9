"""Revision 0005 on a database a 0001 server filled and 0004 upgraded: no row of 0004 changes,
the three new tables start empty and take rows; the downgrade restores 0004 while they are
empty, and refuses while they hold a review history."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.util import CommandError

from app.store import Store, add_card_pull, add_review_log, card_states, save_card_state
from tests.store.conftest import T0
from tests.store.state_0001 import fill_0001, migrate_to, rows_of

OLD_TABLES = ("users", "rounds", "attempts", "hint_reveals", "idempotency_records")
NEW_TABLES = ("card_states", "review_logs", "card_pulls")


def test_upgrading_keeps_every_row_and_adds_empty_tables(store_at_0001: Store) -> None:
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0004")
    before = rows_of(store_at_0001, OLD_TABLES)
    migrate_to(store_at_0001, "0005")
    assert rows_of(store_at_0001, OLD_TABLES) == before
    assert rows_of(store_at_0001, NEW_TABLES) == {name: [] for name in NEW_TABLES}
    with store_at_0001.session() as session:
        card = {"card_id": 1, "state": 2, "due": T0.isoformat()}
        save_card_state(
            session,
            user_id=state.local_user,
            card_id="c",
            card=card,
            due=T0,
            state="review",
            now=T0,
        )
        assert card_states(session, user_id=state.local_user)["c"].card == card


def test_the_downgrade_restores_0004_and_refuses_to_lose_reviews(store_at_0001: Store) -> None:
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0005")
    migrate_to(store_at_0001, "0004", down=True)
    assert not set(NEW_TABLES) & set(sa.inspect(store_at_0001.engine).get_table_names())
    migrate_to(store_at_0001, "0005")
    with store_at_0001.session() as session:
        add_review_log(
            session,
            user_id=state.local_user,
            card_id="c",
            rating="good",
            now=T0,
            duration_ms=10,
            typed=None,
            previous_state="new",
            state_before=None,
        )
        add_card_pull(
            session,
            user_id=state.local_user,
            card_id="c",
            reason="you missed x",
            question_id="q",
            now=T0,
        )
    with pytest.raises(
        CommandError, match="1 row\\(s\\) in review_logs, 1 row\\(s\\) in card_pulls"
    ):
        migrate_to(store_at_0001, "0004", down=True)


def test_the_database_refuses_an_unknown_rating(store: Store, local_user: int) -> None:
    with pytest.raises(sa.exc.IntegrityError), store.session() as session:
        add_review_log(
            session,
            user_id=local_user,
            card_id="c",
            rating="meh",
            now=T0,
            duration_ms=10,
            typed=None,
            previous_state="new",
            state_before=None,
        )
