"""The state database: a SQLite file by default, PostgreSQL when the URL names one.

On SQLite, Python's sqlite3 driver begins a transaction only before the first write. That is
kept on purpose: reads never hold an old WAL snapshot that would make a later write fail with
"database is locked" instead of waiting its turn. It does mean a SAVEPOINT opened before any
write would start (and on release commit) a transaction of its own, so one is begun first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 5
# Any fixed number: app instances migrating one PostgreSQL database at once take turns on it.
MIGRATION_LOCK_ID = 0x6472696C6C


class Store:
    """Units of work over one database, its migrations and a health check."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Objects stay readable after commit: routes build responses from what they stored.
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision in one transaction (a no-op when current)."""
        with self.engine.begin() as connection:
            _lock_for_migration(connection)
            command.upgrade(alembic_config(connection), "head")

    def ping(self) -> bool:
        """Whether the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session


def create_store(url: str) -> Store:
    """A store over the database at `url`; a SQLite file gets its folder, nothing is migrated."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Store(_sqlite_engine(parsed))
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S  # /readyz must not hang
    return Store(create_engine(parsed, pool_pre_ping=True, connect_args=connect_args))


def alembic_config(connection: Connection) -> Config:
    """Alembic's settings without an ini file: the scripts in this package, run on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _sqlite_engine(url: URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    if not in_memory and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        # The pool hands a connection to one thread at a time; a web server uses several.
        connect_args={"check_same_thread": False},
        # One shared connection, or every thread would see its own empty in-memory database.
        poolclass=StaticPool if in_memory else None,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "savepoint", _begin_before_savepoint)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside a writer; foreign keys are only checked when asked for."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_before_savepoint(connection: Connection, _name: str) -> None:
    """Make the savepoint nest inside the unit of work (see the module's docstring)."""
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        driver.execute("BEGIN")


def _lock_for_migration(connection: Connection) -> None:
    """Concurrent migrations wait for each other; on SQLite this also makes DDL all-or-nothing."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
