"""Fill an empty DuckDB database from one kind of source.

Each returns its tables (then views) in creation order, with what DuckDB cannot tell about
them: their PostgreSQL schema and their unbounded numeric columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from app.catalog.dumprows import insert_values
from app.catalog.errors import DatasetSourceError
from app.catalog.inserting import insert_csv, insert_generated
from app.catalog.loading import TableWriter, create_tables, execute_at, table_columns
from app.catalog.metadata import Origin
from app.catalog.numeric import settle_numeric_columns
from app.catalog.pgschema import TableDef
from app.catalog.pgscript import PgScript, read_pg_script
from app.catalog.sources import BuiltinSource, read_source_text
from app.catalog.views import create_views

Progress = Callable[[str], None]
Origins = dict[str, Origin]  # in creation order
# Big tables also report their running row count at every multiple of this.
_PROGRESS_STEP_ROWS = 200_000


def populate_generated(
    conn: duckdb.DuckDBPyConnection, source: BuiltinSource, progress: Progress
) -> Origins:
    """Create the schema of a built-in dataset and insert its generated rows."""
    script = _read_schema(source.schema_path)
    tables = create_tables(conn, script, path=source.schema_path)
    with _blamed_on(source.generator_path):
        generated = source.generate()
        _check_same_tables(set(generated), set(tables))
        for table in tables:
            writer = TableWriter(conn, table)
            steps = _step_reporter(f"{source.name}.{table}", progress)
            insert_generated(conn, writer, table_columns(conn, table), generated[table], steps)
            progress(f"  {source.name}.{table}: {writer.finish():,} rows")
    return _origins(script, _with_views(conn, script, tables, source.schema_path, {}), {})


def populate_csv(
    conn: duckdb.DuckDBPyConnection, name: str, schema_sql: Path, csv_dir: Path, progress: Progress
) -> Origins:
    """Create the schema and load one <table>.csv per table."""
    script = _read_schema(schema_sql)
    with _blamed_on(csv_dir):
        _check_same_tables({path.stem for path in csv_dir.glob("*.csv")}, set(script.tables))
    numeric = {
        table.name: _settled(conn, table, csv_dir / f"{table.name}.csv", _csv_loader(conn, csv_dir))
        for table in script.tables.values()
    }
    tables = create_tables(conn, script, path=schema_sql)
    for table in tables:
        csv_file = csv_dir / f"{table}.csv"
        with _blamed_on(csv_file):
            writer = TableWriter(conn, table)
            insert_csv(conn, writer, table_columns(conn, table), csv_file)
            progress(f"  {name}.{table}: {writer.finish():,} rows")
    return _origins(script, _with_views(conn, script, tables, schema_sql, numeric), numeric)


def populate_dump(
    conn: duckdb.DuckDBPyConnection, name: str, dump_sql: Path, progress: Progress
) -> Origins:
    """Create the tables of a plain pg_dump, run its INSERTs (parents before children), then
    create its views."""
    script = read_pg_script(read_source_text(dump_sql), path=dump_sql)
    load = _dump_loader(conn, script, dump_sql)
    numeric = {t.name: _settled(conn, t, dump_sql, load) for t in script.tables.values()}
    tables = create_tables(conn, script, path=dump_sql)
    with _blamed_on(dump_sql):
        for table in tables:
            writer = TableWriter(conn, table)
            load(table, writer)
            progress(f"  {name}.{table}: {writer.finish():,} rows")
    return _origins(script, _with_views(conn, script, tables, dump_sql, numeric), numeric)


def _with_views(
    conn: duckdb.DuckDBPyConnection,
    script: PgScript,
    tables: list[str],
    path: Path,
    numeric: dict[str, frozenset[str]],
) -> list[str]:
    """Create the script's views once the tables hold their rows; all names, views last."""
    create_views(conn, script.views, tables, numeric, path=path)
    for comment in script.view_comments:
        execute_at(conn, comment.text, path=path, line=comment.line)
    return [*tables, *(view.name for view in script.views)]


Loader = Callable[[str, TableWriter], None]  # writes the rows of a table through a writer


def _dump_loader(conn: duckdb.DuckDBPyConnection, script: PgScript, dump_sql: Path) -> Loader:
    def load(table: str, writer: TableWriter) -> None:
        insert_values(conn, writer, script.rows.get(table, []), dump_sql)

    return load


def _csv_loader(conn: duckdb.DuckDBPyConnection, csv_dir: Path) -> Loader:
    def load(table: str, writer: TableWriter) -> None:
        insert_csv(conn, writer, table_columns(conn, writer.table), csv_dir / f"{table}.csv")

    return load


def _settled(
    conn: duckdb.DuckDBPyConnection, table: TableDef, source: Path, load: Loader
) -> frozenset[str]:
    """The table's unbounded numeric columns, typed from their values (read from `source`)."""
    with _blamed_on(source):
        return settle_numeric_columns(conn, table, lambda writer: load(table.name, writer))


def _origins(script: PgScript, names: list[str], numeric: dict[str, frozenset[str]]) -> Origins:
    schemas = script.names.schema_of
    return {
        name: Origin(schemas.get(name, "public"), numeric.get(name, frozenset())) for name in names
    }


def _read_schema(schema_sql: Path) -> PgScript:
    script = read_pg_script(read_source_text(schema_sql), path=schema_sql, allow_rows=False)
    if not script.tables:
        raise DatasetSourceError("defines no tables", path=schema_sql)
    return script


def _check_same_tables(provided: set[str], expected: set[str]) -> None:
    missing, extra = sorted(expected - provided), sorted(provided - expected)
    if missing or extra:
        raise DatasetSourceError(
            f"rows do not match the schema's tables (missing: {missing or 'none'}, "
            f"not in the schema: {extra or 'none'})"
        )


@contextmanager
def _blamed_on(source: Path) -> Iterator[None]:
    """Errors that name no file are about `source`."""
    try:
        yield
    except DatasetSourceError as error:
        if error.path is not None:
            raise
        raise DatasetSourceError(error.reason, path=source, line=error.line) from error


def _step_reporter(label: str, progress: Progress) -> Callable[[int], None]:
    def report(rows_so_far: int) -> None:
        if rows_so_far % _PROGRESS_STEP_ROWS == 0:
            progress(f"    {label}: {rows_so_far:,} rows so far")

    return report
