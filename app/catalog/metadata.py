"""Read what a built DuckDB file holds: tables, views, columns, keys, comments, row counts, hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb

from app.catalog.identifiers import quoted
from app.catalog.models import ColumnInfo, ForeignKey, TableInfo


@dataclass(frozen=True)
class Origin:
    """What the source knows about a table and DuckDB does not."""

    schema: str = "public"  # the PostgreSQL schema (DuckDB holds every table in main)
    numeric_columns: frozenset[str] = field(default_factory=frozenset)  # unbounded numeric


def describe_tables(
    conn: duckdb.DuckDBPyConnection, names: list[str], origins: Mapping[str, Origin] | None = None
) -> list[TableInfo]:
    """TableInfo of each named table or view, in the given order, as DuckDB reports it."""
    origins = origins or {}
    return [_describe_table(conn, name, origins.get(name, Origin())) for name in names]


def _describe_table(conn: duckdb.DuckDBPyConnection, name: str, origin: Origin) -> TableInfo:
    found = conn.execute(
        "SELECT comment, 'table' FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?"
        " UNION ALL SELECT comment, 'view' FROM duckdb_views() "
        "WHERE schema_name = 'main' AND view_name = ?",
        [name, name],
    ).fetchone()
    count = conn.execute(f"SELECT count(*) FROM {quoted(name)}").fetchone()
    return TableInfo(
        name=name,
        comment=found[0] if found else None,
        columns=_columns(conn, name, origin.numeric_columns),
        primary_key=_primary_key(conn, name),
        foreign_keys=_foreign_keys(conn, name),
        row_count=int(count[0]) if count else 0,
        schema_name=origin.schema,
        kind="view" if found and found[1] == "view" else "table",
    )


def _columns(
    conn: duckdb.DuckDBPyConnection, table: str, numeric: frozenset[str]
) -> list[ColumnInfo]:
    rows = conn.execute(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return [
        ColumnInfo(
            name=name,
            type=data_type,
            nullable=nullable,
            comment=comment,
            postgres_type="numeric" if name in numeric else None,
        )
        for name, data_type, nullable, comment in rows
    ]


def _constraints(
    conn: duckdb.DuckDBPyConnection, table: str, kind: str
) -> list[tuple[list[str], str | None, list[str]]]:
    rows = conn.execute(
        "SELECT constraint_column_names, referenced_table, referenced_column_names "
        "FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = ? "
        "AND constraint_type = ? ORDER BY constraint_index",
        [table, kind],
    ).fetchall()
    return [
        (list(columns), ref_table, list(ref_columns or []))
        for columns, ref_table, ref_columns in rows
    ]


def _primary_key(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    keys = _constraints(conn, table, "PRIMARY KEY")
    return keys[0][0] if keys else []


def _foreign_keys(conn: duckdb.DuckDBPyConnection, table: str) -> list[ForeignKey]:
    return [
        ForeignKey(columns=columns, ref_table=ref_table or "", ref_columns=ref_columns)
        for columns, ref_table, ref_columns in _constraints(conn, table, "FOREIGN KEY")
    ]


def content_hash(conn: duckdb.DuckDBPyConnection, tables: list[TableInfo]) -> str:
    """A digest of what queries can see: table and column names, types and every row.

    Each table contributes its row count and the sum of DuckDB's hash() of every row, taken
    as 128-bit integers: a sum does not depend on the order DuckDB stores rows in, and unlike
    XOR it still changes when a row is duplicated. Comments and keys are left out on purpose:
    they do not change query results, so editing a comment keeps cached results valid.
    """
    digest = hashlib.sha256()
    for table in sorted(tables, key=lambda t: t.name):
        count, total = conn.execute(
            f"SELECT count(*), coalesce(sum(hash(r)::HUGEINT), 0) FROM {quoted(table.name)} AS r"
        ).fetchone() or (0, 0)
        columns = [[column.name, column.type] for column in table.columns]
        digest.update(json.dumps([table.name, columns, count, str(total)]).encode())
    return digest.hexdigest()
