"""Load built-in datasets into a PostgreSQL database, one schema each, for plan captures.

The rows come from the same seeded generators the catalog builds its DuckDB files from
(datasets/<name>/generate.py); the schema is datasets/<name>/schema.sql, which PostgreSQL runs
unchanged. Rows go in with COPY; foreign-key triggers are off while loading (the generated rows
are consistent, and checking a million events one by one would dominate the load). Each table
is then vacuumed and analysed, so the visibility map is set and statistics exist, and
autovacuum is turned off for it, so that no scenario finds a table re-analysed behind its back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from app.catalog.pgschema import creation_order
from app.catalog.pgscript import read_pg_script
from app.catalog.sources import read_builtin_source

DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"
Connection = psycopg.Connection[tuple[Any, ...]]
Progress = Callable[[str], None]


def recreate_database(admin: Connection, name: str) -> None:
    """Drop and create the database with the C.UTF-8 locale the other captures use."""
    database = sql.Identifier(name)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
    create = "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
    admin.execute(sql.SQL(create).format(database))


def load_dataset(conn: Connection, name: str, progress: Progress = print) -> dict[str, int]:
    """Create schema `name` with the dataset's tables and rows; return rows per table."""
    source = read_builtin_source(DATASETS_DIR / name)
    schema_sql = source.schema_path.read_text("utf-8")
    tables = _table_order(source.schema_path)
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    conn.execute(sql.SQL("SET search_path = {}").format(sql.Identifier(name)))
    conn.execute(schema_sql.encode())
    generated = source.generate()
    conn.execute("SET session_replication_role = replica")  # no foreign-key triggers
    try:
        counts = {table: _copy_rows(conn, name, table, generated[table]) for table in tables}
    finally:
        conn.execute("SET session_replication_role = DEFAULT")
    for table in tables:
        _settle(conn, name, table)
        progress(f"  {name}.{table}: {counts[table]:,} rows")
    return counts


def _table_order(schema_path: Path) -> list[str]:
    script = read_pg_script(schema_path.read_text("utf-8"), path=schema_path, allow_rows=False)
    return [table.name for table in creation_order(list(script.tables.values()))]


def _copy_rows(conn: Connection, schema: str, table: str, rows: Iterable[Sequence[Any]]) -> int:
    target = sql.Identifier(schema, table)
    count = 0
    with conn.cursor() as cursor, cursor.copy(sql.SQL("COPY {} FROM STDIN").format(target)) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _settle(conn: Connection, schema: str, table: str) -> None:
    """VACUUM ANALYZE (autocommit only) and keep autovacuum away from the table."""
    target = sql.Identifier(schema, table)
    conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(target))
    conn.execute(sql.SQL("ALTER TABLE {} SET (autovacuum_enabled = false)").format(target))
