"""The initial revision: it builds exactly the models' schema, names its constraints, creates the
local user, undoes cleanly, and running it again (or from two servers at once) changes nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from app.sqlengine.grade import Status
from app.store import Store, create_round, create_store, get_round
from app.store.db import alembic_config
from app.store.models import ATTEMPT_STATUSES, Base, User
from tests.store.conftest import T0

TABLES = {"users", "rounds", "attempts", "hint_reveals", "idempotency_records"}


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
    assert _revision(store) == "0001"
    assert _user_names(store) == ["local"]


def test_migrating_again_changes_nothing(store: Store, local_user: int) -> None:
    with store.session() as session:
        round_id = create_round(
            session, user_id=local_user, question_ids=["q1"], time_limit_s=60, now=T0
        ).id
    store.migrate()
    store.migrate()
    assert _revision(store) == "0001"
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
    assert checks == {"ck_attempts_status", "ck_attempts_hints_used_not_negative"}
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
    assert _revision(store) == "0001"
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
    assert _revision(store) == "0001"
    assert _user_names(store) == ["local"]


def test_statuses_allowed_by_the_schema_are_the_graders() -> None:
    assert set(ATTEMPT_STATUSES) == {status.value for status in Status}


def test_unknown_status_is_refused_by_the_database(store: Store, local_user: int) -> None:
    insert = text(
        "INSERT INTO attempts (user_id, question_id, sql, dialect, status, diagnostics, "
        "submitted_at) VALUES (:user, 'q', 'select 1', 'postgres', 'sort_of', '[]', :now)"
    )
    with (
        store.engine.connect() as connection,
        pytest.raises(IntegrityError, match="ck_attempts_status"),
    ):
        connection.execute(insert, {"user": local_user, "now": T0})
