"""Alembic's environment: migrate on the connection `Store.migrate` hands over.

Without one (an `alembic_config` built by hand with `sqlalchemy.url` set), connect to that URL;
in offline mode, print the SQL for it instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from app.store.models import Base


def run_on(connection: Connection) -> None:
    """Run the pending revisions inside the caller's transaction when there is one."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite alters a table by copying it: later revisions need batch operations there.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline(url: str) -> None:
    """Print the migration SQL for the database at `url`."""
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    url = context.config.get_main_option("sqlalchemy.url") or ""
    if context.is_offline_mode():
        run_offline(url)
    elif connection is not None:
        run_on(connection)
    else:
        with create_engine(url).begin() as own_connection:
            run_on(own_connection)


main()
