"""The revisions: they build exactly the models' schema, name its constraints, create the local
user, undo cleanly, and running them again (or from two servers at once) changes nothing.
(Upgrading a 0001 database that holds rows: test_migration_0002.py.)"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from app.sqlengine.grading.verdict import Status
from app.store import (
    GradedOutcome,
    Store,
    add_attempt,
    attempts_for_question,
    create_round,
    create_store,
    get_round,
)
from app.store.db import MIGRATIONS_DIR, alembic_config
from app.store.models import Base, User
from tests.store.conftest import T0

TABLES = {
    "users",
    "rounds",
    "round_stages",
    "attempts",
    "hint_reveals",
    "idempotency_records",
    "drafts",
    "self_assessments",
    "llm_feedback",
    "llm_token_days",
    "follow_up_replies",
    "card_states",
    "review_logs",
    "card_pulls",
    "stories",
}
HEAD = "0007"


def _revision(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _user_names(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(User.name)))


def _downgrade_to_base(store: Store) -> None:
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migration_creates_the_local_user(store: Store) -> None:
    assert _revision(store) == HEAD
    assert _user_names(store) == ["local"]


def test_migrating_again_changes_nothing(store: Store, local_user: int) -> None:
    with store.session() as session:
        round_id = create_round(
            session, user_id=local_user, question_ids=["q1"], time_limit_s=60, now=T0
        ).id
    store.migrate()
    store.migrate()
    assert _revision(store) == HEAD
    assert _user_names(store) == ["local"]
    with store.session() as session:
        assert get_round(session, user_id=local_user, round_id=round_id) is not None


def test_constraints_and_indexes_are_named(store: Store) -> None:
    inspector = inspect(store.engine)
    assert {"alembic_version"} | TABLES == set(inspector.get_table_names())
    primary_key = inspector.get_pk_constraint("idempotency_records")
    assert primary_key["constrained_columns"] == ["user_id", "key"]
    if store.engine.dialect.name == "postgresql":  # SQLite does not keep primary key names
        assert primary_key["name"] == "pk_idempotency_records"
    foreign_keys = {fk["name"] for fk in inspector.get_foreign_keys("attempts")}
    assert foreign_keys == {"fk_attempts_user_id_users", "fk_attempts_round_id_rounds"}
    checks = {ck["name"] for ck in inspector.get_check_constraints("attempts")}
    assert checks == {
        "ck_attempts_kind_not_empty",
        "ck_attempts_status_not_empty",
        "ck_attempts_score_in_unit_interval",
        "ck_attempts_hints_used_not_negative",
        "ck_attempts_stage_not_negative",
    }
    indexes = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes("attempts")}
    assert indexes == {
        "ix_attempts_round_id": ["round_id"],
        "ix_attempts_user_id_question_id": ["user_id", "question_id"],
    }
    assert [uq["name"] for uq in inspector.get_unique_constraints("users")] == ["uq_users_name"]


def test_downgrade_removes_everything_and_upgrade_restores_it(store: Store) -> None:
    _downgrade_to_base(store)
    assert set(inspect(store.engine).get_table_names()) & TABLES == set()
    assert _revision(store) is None
    store.migrate()
    assert _revision(store) == HEAD
    assert _user_names(store) == ["local"]


def test_servers_starting_together_migrate_once(store: Store) -> None:
    _downgrade_to_base(store)
    servers = [
        create_store(store.engine.url.render_as_string(hide_password=False)) for _ in range(3)
    ]
    with ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(Store.migrate, servers))
    for server in servers:
        server.close()
    assert _revision(store) == HEAD
    assert _user_names(store) == ["local"]


def test_sql_attempts_may_hold_exactly_the_sql_graders_statuses() -> None:
    """0001 accepts only these, so a downgrade keeps SQL attempts with these statuses alone:
    a new status in the SQL grader needs a revision that says what a downgrade does with it."""
    revisions = ScriptDirectory(MIGRATIONS_DIR.as_posix())
    accepted_by_0001 = revisions.get_revision("0001").module.STATUSES
    kept_by_downgrade = revisions.get_revision("0002").module.SQL_STATUSES
    graders = {status.value for status in Status}
    assert set(accepted_by_0001) == set(kept_by_downgrade) == graders


@pytest.mark.parametrize(
    ("column", "value", "check"),
    [
        ("kind", "", "ck_attempts_kind_not_empty"),
        ("status", "", "ck_attempts_status_not_empty"),
        ("score", 1.01, "ck_attempts_score_in_unit_interval"),
        ("score", -0.5, "ck_attempts_score_in_unit_interval"),
        ("hints_used", -1, "ck_attempts_hints_used_not_negative"),
        ("stage", -1, "ck_attempts_stage_not_negative"),
    ],
)
def test_impossible_attempts_are_refused_by_the_database(
    store: Store, local_user: int, column: str, value: object, check: str
) -> None:
    row = {"kind": "sql", "status": "correct", "score": 1.0, "hints_used": 0, "stage": None}
    insert = text(
        "INSERT INTO attempts (user_id, question_id, kind, answer, status, score, details, "
        "missed, hints_used, stage, submitted_at) VALUES (:user, 'q', :kind, '{}', :status, "
        ":score, '{}', '[]', :hints_used, :stage, :now)"
    )
    row[column] = value
    with store.engine.connect() as connection, pytest.raises(IntegrityError, match=check):
        connection.execute(insert, {"user": local_user, "now": T0, **row})


def test_any_kind_may_use_its_own_statuses(store: Store, local_user: int) -> None:
    with store.session() as session:
        add_attempt(
            session,
            user_id=local_user,
            question_id="url-shortener",
            kind="design",
            answer={"stages": {}},
            outcome=GradedOutcome("partial", 0.5),
            round_=None,
            now=T0,
        )
    with store.session() as session:
        (stored,) = attempts_for_question(session, user_id=local_user, question_id="url-shortener")
    assert (stored.kind, stored.status, stored.missed) == ("design", "partial", [])
