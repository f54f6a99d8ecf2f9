"""Revision 0004 on databases a 0001 server filled and 0003 upgraded, plus a round of several
stages written at 0003: every round comes back strict, no stage has a section, no row of 0003
changes otherwise; the downgrade restores 0003 exactly, and refuses while anything is held
that 0003 has nowhere to keep (a soft round, a stage's section, a draft, an assessment)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.util import CommandError
from sqlalchemy.orm import Session

from app.rounds.plan import stage_clocks
from app.store import (
    NewStage,
    SectionOf,
    Store,
    create_staged_round,
    get_round,
    insert_draft,
    save_assessment,
)
from tests.store.state_0001 import State0001, at_seconds, fill_0001, migrate_to

TABLES_OF_0003 = (
    "users",
    "rounds",
    "round_stages",
    "attempts",
    "hint_reveals",
    "idempotency_records",
)
PER_SECTION = ("drafts", "self_assessments")
PLANNED = "0a9c3c52-3333-4c9e-9a77-5d0c3f0e0003"


@pytest.fixture
def at_0003(store_at_0001: Store) -> State0001:
    """The 0001 rows upgraded to 0003, and a round of three stages, the first advanced past."""
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0003")
    with store_at_0001.engine.begin() as connection:
        tables = sa.MetaData()
        tables.reflect(connection, only=("rounds", "round_stages"))
        connection.execute(tables.tables["rounds"].insert(), [_planned(state.local_user)])
        connection.execute(tables.tables["round_stages"].insert(), _stages())
    return state


def _planned(user: int) -> dict[str, Any]:
    return {
        "id": PLANNED,
        "user_id": user,
        "question_ids": ["org-pay-cuts"],
        "time_limit_s": 900,
        "started_at": at_seconds(0),
        "deadline_at": at_seconds(800),
        "finished_at": None,
        "created_at": at_seconds(0),
    }


def _stages() -> list[dict[str, Any]]:
    budgets = [("Requirements", 300, at_seconds(200)), ("API", 300, None), ("Data", 300, None)]
    return [
        {
            "round_id": PLANNED,
            "position": position,
            "name": name,
            "question_ids": ["org-pay-cuts"],
            "time_limit_s": budget,
            "ended_at": ended,
        }
        for position, (name, budget, ended) in enumerate(budgets)
    ]


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of 0003's tables, as the database holds them."""
    with store.engine.connect() as connection:
        tables = sa.MetaData()
        tables.reflect(connection, only=TABLES_OF_0003)
        return {
            name: [dict(r) for r in connection.execute(sa.select(t).order_by(*t.primary_key))
                   .mappings()]
            for name, t in tables.tables.items()
        }  # fmt: skip


def _without(dump: dict[str, list[dict[str, Any]]], *names: str) -> dict[str, list[Any]]:
    return {
        table: [{k: v for k, v in row.items() if k not in names} for row in rows]
        for table, rows in dump.items()
    }


def test_every_round_is_strict_and_no_stage_has_a_section(
    store_at_0001: Store, at_0003: State0001
) -> None:
    store_at_0001.migrate()
    with store_at_0001.session() as session:
        planned = get_round(session, user_id=at_0003.local_user, round_id=PLANNED)
        assert planned is not None
        clocks = stage_clocks(planned, at_seconds(250))
        paces = set(session.scalars(sa.text("SELECT pace FROM rounds")))
        sections = set(session.scalars(sa.text("SELECT section FROM round_stages")))
        held = [session.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in PER_SECTION]
    assert (paces, sections, held) == ({"strict"}, {None}, [0, 0])
    assert [(c.status, c.started_at, c.over_budget_s) for c in clocks] == [
        ("over", at_seconds(0), 0),
        ("current", at_seconds(200), 0),
        ("upcoming", at_seconds(500), 0),
    ]


def test_the_upgrade_changes_no_row_of_0003_and_the_downgrade_restores_it(
    store_at_0001: Store, at_0003: State0001
) -> None:
    before = _dump(store_at_0001)
    store_at_0001.migrate()
    assert _without(_dump(store_at_0001), "pace", "section") == before
    migrate_to(store_at_0001, "0003", down=True)
    assert _dump(store_at_0001) == before
    left = set(sa.inspect(store_at_0001.engine).get_table_names())
    assert not left & set(PER_SECTION)


def _soft_round(session: Session, user: int) -> None:
    stage = NewStage("Walk", ["org-pay-cuts"], 300)
    create_staged_round(session, user_id=user, stages=[stage], now=at_seconds(5), pace="soft")


def _sectioned_stage(session: Session, user: int) -> None:
    stage = NewStage("Requirements", ["org-pay-cuts"], 300, section="requirements")
    create_staged_round(session, user_id=user, stages=[stage], now=at_seconds(5))


def _draft(session: Session, user: int) -> None:
    where = SectionOf(user, "org-pay-cuts", None, "main")
    insert_draft(session, where, {"text": "unsaved work"}, at_seconds(5))


def _assessment(session: Session, user: int) -> None:
    where = SectionOf(user, "org-pay-cuts", PLANNED, "main")
    save_assessment(session, where, {"clear": "met"}, at_seconds(5))


@pytest.mark.parametrize(
    ("hold", "said"),
    [
        (_soft_round, "1 soft round(s)"),
        (_sectioned_stage, "1 stage(s) with a section"),
        (_draft, "1 draft(s)"),
        (_assessment, "1 self-assessment(s)"),
    ],
)
def test_the_downgrade_refuses_while_0004_holds_what_0003_cannot(
    store_at_0001: Store,
    at_0003: State0001,
    hold: Callable[[Session, int], None],
    said: str,
) -> None:
    migrate_to(store_at_0001, "0004")
    with store_at_0001.session() as session:
        hold(session, at_0003.local_user)
    with pytest.raises(CommandError, match=re.escape(said)):
        migrate_to(store_at_0001, "0003", down=True)
    with store_at_0001.engine.connect() as connection:  # nothing was lost
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0004"
