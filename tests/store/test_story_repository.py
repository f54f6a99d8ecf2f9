"""The story bank in the store, on both backends: a user's stories newest first, an edit on a
stale version loses instead of overwriting, delete, and stories go with their user."""

from __future__ import annotations

import sqlalchemy as sa

from app.store import Store
from app.store.models import User
from app.store.story_repository import (
    StoryContent,
    delete_story,
    find_story,
    insert_story,
    stories_of,
    update_story,
)
from tests.store.state_0001 import at_seconds


def _content(title: str, competencies: list[str] | None = None) -> StoryContent:
    return StoryContent(
        title=title,
        situation="Checkout went down one evening.",
        task="The change was mine.",
        action="I rolled it back.",
        result="Back in 12 minutes.",
        reflection="I ship behind flags now.",
        competencies=competencies or ["ownership"],
    )


def test_stories_are_the_users_own_newest_edit_first(
    store: Store, local_user: int, other_user: int
) -> None:
    with store.session() as session:
        first = insert_story(session, local_user, _content("Outage"), at_seconds(0))
        second = insert_story(session, local_user, _content("Migration"), at_seconds(1))
        insert_story(session, other_user, _content("Someone else's"), at_seconds(2))
        update_story(session, first, _content("Outage, retold"), at_seconds(3))
    with store.session() as session:
        titles = [s.title for s in stories_of(session, local_user)]
        assert titles == ["Outage, retold", "Migration"]
        assert find_story(session, other_user, second.id) is None
        stored = find_story(session, local_user, first.id)
        assert stored is not None and stored.version == 2
        assert (stored.created_at, stored.updated_at) == (at_seconds(0), at_seconds(3))
        assert StoryContent.of(stored) == _content("Outage, retold")


def test_an_edit_on_a_stale_version_loses(store: Store, local_user: int) -> None:
    with store.session() as session:
        story_id = insert_story(session, local_user, _content("Outage"), at_seconds(0)).id
    with store.session() as one, store.session() as two:
        in_one, in_two = (
            find_story(one, local_user, story_id),
            find_story(two, local_user, story_id),
        )
        assert in_one is not None and in_two is not None
        assert update_story(one, in_one, _content("First tab"), at_seconds(1)) is not None
        one.commit()
        assert update_story(two, in_two, _content("Second tab"), at_seconds(2)) is None
    with store.session() as session:
        stored = find_story(session, local_user, story_id)
        assert stored is not None and (stored.title, stored.version) == ("First tab", 2)


def test_delete_removes_only_the_users_own_story(
    store: Store, local_user: int, other_user: int
) -> None:
    with store.session() as session:
        story_id = insert_story(session, local_user, _content("Outage"), at_seconds(0)).id
    with store.session() as session:
        assert not delete_story(session, other_user, story_id)
        assert delete_story(session, local_user, story_id)
        assert not delete_story(session, local_user, story_id)
        assert stories_of(session, local_user) == []


def test_stories_go_with_their_user_and_refuse_an_empty_title(
    store: Store, other_user: int
) -> None:
    with store.session() as session:
        insert_story(session, other_user, _content("Outage"), at_seconds(0))
    with store.session() as session:
        session.execute(sa.delete(User).where(User.id == other_user))
    with store.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM stories")) == 0
    with store.session() as session:
        try:
            insert_story(session, other_user, _content(""), at_seconds(1))
        except sa.exc.IntegrityError:
            session.rollback()
        else:
            raise AssertionError("an empty title was stored")
