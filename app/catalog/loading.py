"""Create the tables of a translated script in DuckDB and write rows into them."""

from __future__ import annotations

from pathlib import Path

import duckdb

from app.catalog.errors import DatasetSourceError
from app.catalog.identifiers import quoted
from app.catalog.pgschema import creation_order
from app.catalog.pgscript import PgScript


def create_tables(conn: duckdb.DuckDBPyConnection, script: PgScript, *, path: Path) -> list[str]:
    """Create every table (referenced tables first) and its comments; return the table order."""
    ordered = creation_order(list(script.tables.values()))
    for table in ordered:
        execute_at(conn, table.duckdb_sql(), path=path, line=table.line)
    for comment in script.comments:
        execute_at(conn, comment.text, path=path, line=comment.line)
    return [table.name for table in ordered]


def execute_at(conn: duckdb.DuckDBPyConnection, sql: str, *, path: Path, line: int) -> None:
    """Run `sql`; a DuckDB error names the source line it came from."""
    try:
        conn.execute(sql)
    except duckdb.Error as error:
        raise DatasetSourceError(f"DuckDB refused it: {error}", path=path, line=line) from error


def table_columns(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> DuckDB type, in table order."""
    rows = conn.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return {name: data_type for name, data_type in rows}


class TableWriter:
    """Where rows of one table go, and how they reach the table.

    DuckDB checks a foreign key against rows stored before the INSERT statement began, so a
    child row inserted in the same statement as its parent is refused. Rows of a table that
    references itself (employees.manager_id) are staged first and then moved in generations:
    rows whose parent is already stored, until none are left.
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection, table: str):
        self._conn = conn
        self.table = table
        self._self_references = _self_references(conn, table)
        self.target = quoted(table)  # where INSERT statements should write
        if self._self_references:
            self.target = quoted(f"__staged_{table}")  # unlike any dataset table
            empty_copy = f"SELECT * FROM {quoted(table)} LIMIT 0"
            conn.execute(f"CREATE TEMP TABLE {self.target} AS {empty_copy}")

    def finish(self) -> int:
        """Move staged rows into the table, then return its row count."""
        if self._self_references:
            self._move_parents_first()
        count = self._conn.execute(f"SELECT count(*) FROM {quoted(self.table)}").fetchone()
        return int(count[0]) if count else 0

    def _move_parents_first(self) -> None:
        ready = f"SELECT rowid AS staged_row FROM {self.target} AS s WHERE {self._parents_stored()}"
        picked = "rowid IN (SELECT staged_row FROM __ready_rows)"
        while True:
            self._conn.execute(f"CREATE OR REPLACE TEMP TABLE __ready_rows AS {ready}")
            moved = self._conn.execute(
                f"INSERT INTO {quoted(self.table)} SELECT * FROM {self.target} WHERE {picked}"
            ).fetchone()
            if not moved or moved[0] == 0:
                break
            self._conn.execute(f"DELETE FROM {self.target} WHERE {picked}")
        self._refuse_orphans()

    def _parents_stored(self) -> str:
        """SQL condition: every self-reference of staged row `s` is NULL or already stored."""
        conditions = []
        for columns, ref_columns in self._self_references:
            any_null = " OR ".join(f"s.{quoted(c)} IS NULL" for c in columns)
            pairs = zip(columns, ref_columns, strict=True)
            match = " AND ".join(f"p.{quoted(r)} = s.{quoted(c)}" for c, r in pairs)
            stored = f"EXISTS (SELECT 1 FROM {quoted(self.table)} AS p WHERE {match})"
            conditions.append(f"({any_null} OR {stored})")
        return " AND ".join(conditions)

    def _refuse_orphans(self) -> None:
        left = self._conn.execute(f"SELECT count(*) FROM {self.target}").fetchone()
        self._conn.execute(f"DROP TABLE {self.target}")
        self._conn.execute("DROP TABLE IF EXISTS __ready_rows")
        if left and left[0]:
            raise DatasetSourceError(
                f"{left[0]} rows of {self.table} point at rows of {self.table} that do not exist "
                "(or at themselves)"
            )


def _self_references(
    conn: duckdb.DuckDBPyConnection, table: str
) -> list[tuple[list[str], list[str]]]:
    rows = conn.execute(
        "SELECT constraint_column_names, referenced_column_names FROM duckdb_constraints() "
        "WHERE schema_name = 'main' AND table_name = ? AND constraint_type = 'FOREIGN KEY' "
        "AND referenced_table = ? ORDER BY constraint_index",
        [table, table],
    ).fetchall()
    return [(list(columns), list(ref_columns)) for columns, ref_columns in rows]
