"""Revision 0003 on databases a 0001 server filled and 0002 upgraded: every round comes back as
one stage holding its questions and time limit, its attempts belong to that stage, nothing else
changes; the downgrade restores 0002 exactly, and refuses while a round has a plan 0002
cannot hold."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from alembic.util import CommandError

from app.store import (
    ONE_STAGE_NAME,
    NewStage,
    Store,
    attempts_for_question,
    attempts_for_round,
    create_staged_round,
    get_round,
)
from tests.store.state_0001 import (
    DONE_ROUND,
    PAY_CUTS,
    RUNNING_ROUND,
    State0001,
    at_seconds,
    fill_0001,
    migrate_to,
)

TABLES_OF_0002 = ("users", "rounds", "attempts", "hint_reveals", "idempotency_records")


@pytest.fixture
def at_0002(store_at_0001: Store) -> State0001:
    """The 0001 rows, upgraded to 0002."""
    state = fill_0001(store_at_0001)
    migrate_to(store_at_0001, "0002")
    return state


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of 0002's tables, as the database holds them."""
    with store.engine.connect() as connection:
        tables = sa.MetaData()
        tables.reflect(connection, only=TABLES_OF_0002)
        return {
            name: [dict(r) for r in connection.execute(sa.select(t).order_by(*t.primary_key))
                   .mappings()]
            for name, t in tables.tables.items()
        }  # fmt: skip


def test_every_round_becomes_one_stage_and_its_attempts_belong_to_it(
    store_at_0001: Store, at_0002: State0001
) -> None:
    store_at_0001.migrate()
    with store_at_0001.session() as session:
        rounds = [get_round(session, user_id=at_0002.local_user, round_id=r["id"]) for r in
                  at_0002.rounds]  # fmt: skip
        stages = [[(s.position, s.name, s.question_ids, s.time_limit_s, s.ended_at)
                   for s in r.stages] for r in rounds if r]  # fmt: skip
        in_rounds = [
            a for r in (DONE_ROUND, RUNNING_ROUND) for a in attempts_for_round(session, round_id=r)
        ]
        practice = attempts_for_question(session, user_id=at_0002.local_user, question_id=PAY_CUTS)
    assert stages == [
        [(0, ONE_STAGE_NAME, r["question_ids"], r["time_limit_s"], None)] for r in at_0002.rounds
    ]
    assert {a.stage for a in in_rounds} == {0} and len(in_rounds) == 7
    assert {a.stage for a in practice} == {None}


def test_the_upgrade_changes_no_row_of_0002_and_the_downgrade_restores_it(
    store_at_0001: Store, at_0002: State0001
) -> None:
    before = _dump(store_at_0001)
    migrate_to(store_at_0001, "0003")
    upgraded = _dump(store_at_0001)
    assert {k: [_without(r, "stage") for r in v] for k, v in upgraded.items()} == before
    migrate_to(store_at_0001, "0002", down=True)
    assert _dump(store_at_0001) == before
    assert "round_stages" not in sa.inspect(store_at_0001.engine).get_table_names()


def _without(row: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != name}


def test_the_downgrade_refuses_while_a_round_has_several_stages(
    store_at_0001: Store, at_0002: State0001
) -> None:
    store_at_0001.migrate()
    plan = [NewStage("Requirements", ["url-shortener"], 300), NewStage("API", ["x"], 300)]
    with store_at_0001.session() as session:
        create_staged_round(session, user_id=at_0002.local_user, stages=plan, now=at_seconds(1))
    with pytest.raises(CommandError, match=r"1 round\(s\) have several stages .* stay at 0003"):
        migrate_to(store_at_0001, "0002", down=True)
    with store_at_0001.session() as session:  # nothing was lost
        kept = get_round(session, user_id=at_0002.local_user, round_id=DONE_ROUND)
        assert kept is not None and len(kept.stages) == 1


def test_the_round_stages_table_checks_its_budgets(store: Store, local_user: int) -> None:
    plan = [NewStage("Fine", ["q1"], 60), NewStage("Broken", ["q1"], 0)]  # the sum is positive
    refused = pytest.raises(sa.exc.IntegrityError, match="ck_round_stages_time_limit_positive")
    with refused, store.session() as session:
        create_staged_round(session, user_id=local_user, stages=plan, now=at_seconds(0))


def test_deleting_a_round_deletes_its_stages(store: Store, local_user: int) -> None:
    plan = [NewStage("A", ["q1"], 60), NewStage("B", ["q2"], 60)]
    with store.session() as session:
        round_id = create_staged_round(
            session, user_id=local_user, stages=plan, now=at_seconds(0)
        ).id
    with store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM rounds WHERE id = :id"), {"id": round_id})
        left = connection.scalar(sa.text("SELECT count(*) FROM round_stages"))
    assert left == 0
