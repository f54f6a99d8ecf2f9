"""Drafts and self-assessments in the store, on both backends: one row per user, question,
round (or practice) and section; a stale or racing save loses instead of overwriting; rows
go with their round and their user."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.store import (
    Draft,
    NewStage,
    SectionOf,
    Store,
    assessments_of,
    create_staged_round,
    drafts_of,
    find_draft,
    insert_draft,
    save_assessment,
    update_draft,
)
from tests.store.conftest import T0
from tests.store.state_0001 import at_seconds

QUESTION = "design-url-shortener"


def _round(store: Store, user: int) -> str:
    with store.session() as session:
        stage = NewStage("Requirements", [QUESTION], 300, section="requirements")
        return create_staged_round(session, user_id=user, stages=[stage], now=T0).id


def test_a_draft_is_one_row_per_round_or_practice_and_section(
    store: Store, local_user: int
) -> None:
    round_id = _round(store, local_user)
    places = [
        SectionOf(local_user, QUESTION, None, "requirements"),
        SectionOf(local_user, QUESTION, None, "api"),
        SectionOf(local_user, QUESTION, round_id, "requirements"),
    ]
    with store.session() as session:
        for n, where in enumerate(places):
            assert insert_draft(session, where, {"text": f"draft {n}"}, at_seconds(n)) is not None
        again = insert_draft(session, places[0], {"text": "a racing first save"}, at_seconds(9))
        assert again is None  # the first one stays, and the unit of work goes on
        practice = drafts_of(session, user_id=local_user, question_id=QUESTION, round_id=None)
        in_round = drafts_of(session, user_id=local_user, question_id=QUESTION, round_id=round_id)
    assert [(d.section, d.content, d.version) for d in practice] == [
        ("requirements", {"text": "draft 0"}, 1),
        ("api", {"text": "draft 1"}, 1),
    ]
    assert [d.content for d in in_round] == [{"text": "draft 2"}]


@pytest.mark.parametrize("in_round", [False, True])
def test_the_database_refuses_a_second_row_for_one_section(
    store: Store, local_user: int, in_round: bool
) -> None:
    round_id = _round(store, local_user) if in_round else None
    row = {"user_id": local_user, "question_id": QUESTION, "round_id": round_id}
    with store.session() as session:
        session.add(Draft(**row, section="api", content={}, version=1, saved_at=T0))
    refused = pytest.raises(sa.exc.IntegrityError, match=r"uq_drafts_in_|UNIQUE")
    with refused, store.session() as session:
        session.add(Draft(**row, section="api", content={}, version=1, saved_at=T0))


def test_a_save_on_a_version_moved_on_since_loses(store: Store, local_user: int) -> None:
    where = SectionOf(local_user, QUESTION, None, "api")
    with store.session() as session:
        insert_draft(session, where, {"text": "v1"}, at_seconds(1))
    with store.session() as ours:
        stale = find_draft(ours, where)  # read at version 1 ...
        with store.session() as theirs:  # ... then another tab saves version 2
            current = find_draft(theirs, where)
            assert current is not None
            assert update_draft(theirs, current, {"text": "v2"}, at_seconds(2)) is not None
        assert stale is not None
        assert update_draft(ours, stale, {"text": "stale"}, at_seconds(3)) is None
    with store.session() as session:
        kept = find_draft(session, where)
    assert kept is not None and (kept.content, kept.version) == ({"text": "v2"}, 2)
    assert kept.saved_at == at_seconds(2)


def test_an_assessment_is_replaced_by_the_next_save(store: Store, local_user: int) -> None:
    where = SectionOf(local_user, QUESTION, None, "requirements")
    with store.session() as session:
        save_assessment(session, where, {"read-write-ratio": "partial"}, at_seconds(1))
        save_assessment(session, where, {"read-write-ratio": "met"}, at_seconds(2))
    with store.session() as session:
        (saved,) = assessments_of(session, user_id=local_user, question_id=QUESTION, round_id=None)
    assert (saved.verdicts, saved.saved_at) == ({"read-write-ratio": "met"}, at_seconds(2))


def test_drafts_and_assessments_go_with_their_round_and_user(
    store: Store, local_user: int, other_user: int
) -> None:
    round_id = _round(store, other_user)
    with store.session() as session:
        for user, in_round in [(other_user, round_id), (other_user, None), (local_user, None)]:
            where = SectionOf(user, QUESTION, in_round, "requirements")
            insert_draft(session, where, {"text": "x"}, T0)
            save_assessment(session, where, {"c": "met"}, T0)
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM rounds WHERE id = :id"), {"id": round_id})
        assert _owners(connection) == [local_user, other_user] * 2
        connection.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": other_user})
        assert _owners(connection) == [local_user] * 2


def _owners(connection: sa.Connection) -> list[int]:
    """The user of every draft, then of every self-assessment."""
    return [
        user
        for table in ("drafts", "self_assessments")
        for user in connection.scalars(sa.text(f"SELECT user_id FROM {table} ORDER BY user_id"))
    ]
