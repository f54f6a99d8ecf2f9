"""Revision 0006 on a database a 0001 server filled: no older row changes, the stories table
starts empty and takes rows; the downgrade restores 0005 while it is empty, and refuses while
it holds a story."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.util import CommandError

from app.store import Store
from app.store.story_repository import StoryContent, insert_story
from tests.store.conftest import T0
from tests.store.state_0001 import fill_0001, migrate_to, rows_of

OLD_TABLES = ("users", "rounds", "attempts", "hint_reveals", "idempotency_records")
STORY = StoryContent("Outage", "s", "t", "a", "r", "l", ["ownership"])


def test_upgrading_keeps_every_row_and_adds_an_empty_story_bank(store_at_0001: Store) -> None:
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0005")
    before = rows_of(store_at_0001, OLD_TABLES)
    migrate_to(store_at_0001, "0006")
    assert rows_of(store_at_0001, OLD_TABLES) == before
    with store_at_0001.session() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM stories")) == 0
        assert insert_story(session, state.local_user, STORY, T0).version == 1


def test_the_downgrade_restores_0005_and_refuses_to_lose_stories(store_at_0001: Store) -> None:
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0006")
    migrate_to(store_at_0001, "0005", down=True)
    assert "stories" not in sa.inspect(store_at_0001.engine).get_table_names()
    migrate_to(store_at_0001, "0006")
    with store_at_0001.session() as session:
        insert_story(session, state.local_user, STORY, T0)
    with pytest.raises(CommandError, match="1 stored story"):
        migrate_to(store_at_0001, "0005", down=True)
    assert "stories" in sa.inspect(store_at_0001.engine).get_table_names()
