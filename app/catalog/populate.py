"""Fill an empty DuckDB database from one kind of source; each returns the table order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from app.catalog.dumprows import insert_values
from app.catalog.errors import DatasetSourceError
from app.catalog.inserting import insert_csv, insert_generated
from app.catalog.loading import TableWriter, create_tables, table_columns
from app.catalog.pgscript import read_pg_script
from app.catalog.sources import BuiltinSource, read_source_text

Progress = Callable[[str], None]
# Big tables also report their running row count at every multiple of this.
_PROGRESS_STEP_ROWS = 200_000


def populate_generated(
    conn: duckdb.DuckDBPyConnection, source: BuiltinSource, progress: Progress
) -> list[str]:
    """Create the schema of a built-in dataset and insert its generated rows."""
    tables = _create_from_schema(conn, source.schema_path)
    with _blamed_on(source.generator_path):
        generated = source.generate()
        _check_same_tables(set(generated), set(tables))
        for table in tables:
            writer = TableWriter(conn, table)
            steps = _step_reporter(f"{source.name}.{table}", progress)
            insert_generated(conn, writer, table_columns(conn, table), generated[table], steps)
            progress(f"  {source.name}.{table}: {writer.finish():,} rows")
    return tables


def populate_csv(
    conn: duckdb.DuckDBPyConnection, name: str, schema_sql: Path, csv_dir: Path, progress: Progress
) -> list[str]:
    """Create the schema and load one <table>.csv per table."""
    tables = _create_from_schema(conn, schema_sql)
    with _blamed_on(csv_dir):
        _check_same_tables({path.stem for path in csv_dir.glob("*.csv")}, set(tables))
    for table in tables:
        csv_file = csv_dir / f"{table}.csv"
        with _blamed_on(csv_file):
            writer = TableWriter(conn, table)
            insert_csv(conn, writer, table_columns(conn, table), csv_file)
            progress(f"  {name}.{table}: {writer.finish():,} rows")
    return tables


def populate_dump(
    conn: duckdb.DuckDBPyConnection, name: str, dump_sql: Path, progress: Progress
) -> list[str]:
    """Create the tables of a plain pg_dump and run its INSERTs, parents before children."""
    script = read_pg_script(read_source_text(dump_sql), path=dump_sql)
    tables = create_tables(conn, script, path=dump_sql)
    with _blamed_on(dump_sql):
        for table in tables:
            writer = TableWriter(conn, table)
            insert_values(conn, writer, script.rows.get(table, []), dump_sql)
            progress(f"  {name}.{table}: {writer.finish():,} rows")
    return tables


def _create_from_schema(conn: duckdb.DuckDBPyConnection, schema_sql: Path) -> list[str]:
    script = read_pg_script(read_source_text(schema_sql), path=schema_sql, allow_rows=False)
    if not script.tables:
        raise DatasetSourceError("defines no tables", path=schema_sql)
    return create_tables(conn, script, path=schema_sql)


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
