"""Create a script's views in DuckDB with the translator that runs candidate SQL.

A view's query goes through the same checks and translation as a question's query, so reading
a view gives PostgreSQL's answer; a query that cannot be translated faithfully stops the build.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from sqlglot import exp

from app.catalog.errors import DatasetSourceError
from app.catalog.identifiers import quoted
from app.catalog.loading import execute_at
from app.catalog.metadata import describe_tables
from app.catalog.pgviews import ViewDef
from app.sqlengine.errors import SqlError
from app.sqlengine.translate.pgtypes import DatasetSchema
from app.sqlengine.translate.to_duckdb import translate
from app.sqlengine.translate.validate import validate_sql
from app.sqlengine.translate.volatility import is_deterministic


def create_views(
    conn: duckdb.DuckDBPyConnection,
    views: list[ViewDef],
    known: list[str],
    numeric: dict[str, frozenset[str]],
    *,
    path: Path,
) -> None:
    """Create each view, in script order, over the tables in `known` and the views before it.

    `numeric` (unbounded numeric columns by table) gains the decimal columns of views that
    read such a column: their values may carry the same per-value scale in PostgreSQL.
    """
    names = list(known)
    for view in views:
        sql, reads = _duckdb_view(view, _schema_of(conn, names), set(names))
        execute_at(conn, sql, path=path, line=view.line)
        names.append(view.name)
        if reads & {column for columns in numeric.values() for column in columns}:
            numeric[view.name] = _decimal_columns(conn, view.name)


def _duckdb_view(view: ViewDef, schema: DatasetSchema, tables: set[str]) -> tuple[str, set[str]]:
    """The CREATE VIEW statement for DuckDB, and the names of the columns the view reads."""
    try:
        query = validate_sql(view.query, dialect="postgres", tables=tables)
        if not is_deterministic(query):
            message = f"view {view.name} reads the clock: its rows would change between runs"
            raise DatasetSourceError(message, line=view.line)
        reads = {column.name for column in query.tree.find_all(exp.Column)}
        translation = translate(query, schema)
    except SqlError as error:
        message = f"view {view.name} cannot be translated faithfully: {error.message}"
        raise DatasetSourceError(message, line=view.line) from error
    columns = view.columns or tuple(translation.column_names)
    named = f" ({', '.join(quoted(c) for c in columns)})" if columns else ""
    return f"CREATE VIEW {quoted(view.name)}{named} AS {translation.sql}", reads


def _decimal_columns(conn: duckdb.DuckDBPyConnection, view: str) -> frozenset[str]:
    rows = conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND table_name = ? AND data_type LIKE 'DECIMAL%'",
        [view],
    ).fetchall()
    return frozenset(name for (name,) in rows)


def _schema_of(conn: duckdb.DuckDBPyConnection, names: list[str]) -> DatasetSchema:
    tables = describe_tables(conn, names)
    return DatasetSchema(
        columns={t.name: {c.name: c.type for c in t.columns} for t in tables},
        primary_keys={t.name: t.primary_key for t in tables},
    )
