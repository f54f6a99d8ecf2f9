"""A migrated store on each backend: a SQLite file per test, and one PostgreSQL database per run
(emptied between tests). PostgreSQL comes from DRILL_TEST_DATABASE_URL, else libpq defaults."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import NoReturn

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from app.store import Store, create_store, ensure_user
from tests.store.state_0001 import migrate_to

# A database of this run's own: two runs on one machine must not drop each other's.
POSTGRES_URL = os.environ.get(
    "DRILL_TEST_DATABASE_URL", f"postgresql+psycopg:///drill_test_{os.getpid()}"
)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database created afresh for this run and dropped after it."""
    url = make_url(POSTGRES_URL)
    admin = create_engine(
        url.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    try:
        _recreate_database(admin, str(url.database))
    except OperationalError as error:
        admin.dispose()
        _postgres_unavailable(error)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_store(postgres_url: str) -> Iterator[Store]:
    store = create_store(postgres_url)
    store.migrate()
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A migrated store holding only the local user."""
    if request.param == "sqlite":
        store = create_store(f"sqlite:///{tmp_path_factory.mktemp('state') / 'drill.sqlite3'}")
        store.migrate()
    else:
        store = request.getfixturevalue("postgres_store")
        store.migrate()  # a test may have downgraded it
        _keep_only_local_user(store)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at_0001(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A store as a 0001 server left it: the first revision only, holding the local user."""
    if request.param == "sqlite":
        store = create_store(f"sqlite:///{tmp_path_factory.mktemp('state') / 'drill.sqlite3'}")
    else:
        store = request.getfixturevalue("postgres_store")
        store.migrate()  # from wherever the last test left it: empty it, then start over
        _keep_only_local_user(store)
        migrate_to(store, "base", down=True)
    migrate_to(store, "0001")
    yield store
    store.close()


@pytest.fixture
def local_user(store: Store) -> int:
    with store.session() as session:
        return ensure_user(session).id


@pytest.fixture
def other_user(store: Store) -> int:
    with store.session() as session:
        return ensure_user(session, name="other").id


def _recreate_database(admin: Engine, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))


def _keep_only_local_user(store: Store) -> None:
    with store.session() as session:
        session.execute(
            text(
                "TRUNCATE attempts, hint_reveals, idempotency_records, round_stages, drafts, "
                "self_assessments, rounds, card_states, review_logs, card_pulls, stories, "
                "follow_up_replies, llm_feedback, llm_token_days"
            )
        )
        session.execute(text("DELETE FROM users WHERE name <> 'local'"))


def _postgres_unavailable(error: Exception) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the PostgreSQL store tests (tools/postgres-up.sh): {error}")
    pytest.skip(f"no PostgreSQL for the store tests (run `make postgres`): {error}")
