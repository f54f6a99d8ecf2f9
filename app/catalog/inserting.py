"""Write rows into a table: generated Python rows, a CSV file, or the VALUES of a dump."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from app.catalog.errors import DatasetSourceError
from app.catalog.identifiers import quoted, string_literal
from app.catalog.loading import TableWriter
from app.catalog.pgscript import InsertedRows

GENERATED_CHUNK_ROWS = 100_000
DUMP_BATCH_STATEMENTS = 500
_ARROW_TYPES = {
    "BOOLEAN": pa.bool_(),
    "SMALLINT": pa.int16(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "FLOAT": pa.float32(),
    "DOUBLE": pa.float64(),
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIME": pa.time64("us"),
    "TIMESTAMP": pa.timestamp("us"),
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")
_Item = TypeVar("_Item")


def insert_generated(
    conn: duckdb.DuckDBPyConnection,
    writer: TableWriter,
    columns: dict[str, str],
    rows: Iterable[Sequence[Any]],
    on_chunk: Callable[[int], None],
) -> None:
    """Insert Python rows, converted column-wise to Arrow in chunks; report rows so far."""
    schema = pa.schema([(name, _arrow_type(kind)) for name, kind in columns.items()])
    written = 0
    for chunk in _chunks(rows, GENERATED_CHUNK_ROWS):
        conn.register("generated_rows", _arrow_table(chunk, schema, writer.table))
        try:
            conn.execute(f"INSERT INTO {writer.target} SELECT * FROM generated_rows")
        finally:
            conn.unregister("generated_rows")
        written += len(chunk)
        on_chunk(written)


def _arrow_type(duckdb_type: str) -> pa.DataType:
    decimal = _DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return pa.decimal128(int(decimal[1]), int(decimal[2]))
    if duckdb_type not in _ARROW_TYPES:
        raise DatasetSourceError(f"generated rows cannot fill a {duckdb_type} column")
    return _ARROW_TYPES[duckdb_type]


def _chunks(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _arrow_table(chunk: list[Sequence[Any]], schema: pa.Schema, table: str) -> pa.Table:
    width = len(schema)
    for row in chunk:
        if len(row) != width:
            raise DatasetSourceError(f"{table}: a row has {len(row)} values, not {width}: {row!r}")
    arrays = []
    for field, values in zip(schema, zip(*chunk, strict=True), strict=True):
        try:
            arrays.append(pa.array(values, type=field.type))
        except (pa.ArrowException, TypeError, ValueError) as error:
            raise DatasetSourceError(f"{table}.{field.name}: {error}") from error
    return pa.Table.from_arrays(arrays, schema=schema)


def insert_csv(
    conn: duckdb.DuckDBPyConnection, writer: TableWriter, columns: dict[str, str], path: Path
) -> None:
    """Insert a CSV file with a header row; an empty field is NULL, a quoted "" is ''."""
    header = _csv_header(path, columns)
    types = ", ".join(f"{string_literal(name)}: {string_literal(columns[name])}" for name in header)
    names = ", ".join(quoted(name) for name in header)
    sql = (
        f"INSERT INTO {writer.target} ({names}) SELECT * FROM read_csv(?, header = true, "
        f"columns = {{{types}}}, auto_detect = false, delim = ',', quote = '\"', "
        "escape = '\"', nullstr = '', allow_quoted_nulls = false)"
    )
    try:
        conn.execute(sql, [str(path)])
    except duckdb.Error as error:
        raise DatasetSourceError(f"DuckDB refused the rows: {error}", path=path) from error


def _csv_header(path: Path, columns: dict[str, str]) -> list[str]:
    with path.open(newline="", encoding="utf-8") as file:
        header = next(csv.reader(file), [])
    if sorted(header) != sorted(columns):
        raise DatasetSourceError(
            f"header {header} does not name the table's columns {list(columns)}", path=path, line=1
        )
    return header


def insert_values(
    conn: duckdb.DuckDBPyConnection, writer: TableWriter, rows: list[InsertedRows], path: Path
) -> None:
    """Run a dump's INSERTs for one table, many statements' rows per DuckDB statement."""
    for batch in _batches(rows):
        try:
            conn.execute(_insert_sql(writer.target, batch))
        except duckdb.Error as error:
            _raise_for_failing_row(conn, writer.target, batch, path, error)


def _batches(rows: list[InsertedRows]) -> Iterator[list[InsertedRows]]:
    """Runs of consecutive INSERTs with the same column list, at most a batch long."""
    for _, same_columns in itertools.groupby(rows, key=lambda r: r.columns):
        yield from _chunks(same_columns, DUMP_BATCH_STATEMENTS)


def _insert_sql(target: str, batch: Sequence[InsertedRows]) -> str:
    columns = batch[0].columns
    names = f" ({', '.join(quoted(c) for c in columns)})" if columns else ""
    values = ",\n".join(rows.values_sql for rows in batch)
    return f"INSERT INTO {target}{names} VALUES {values}"


def _raise_for_failing_row(
    conn: duckdb.DuckDBPyConnection,
    target: str,
    batch: list[InsertedRows],
    path: Path,
    batch_error: duckdb.Error,
) -> None:
    """Re-run a refused batch statement by statement to name the line that fails."""
    for rows in batch:
        try:
            conn.execute(_insert_sql(target, [rows]))
        except duckdb.Error as error:
            message = f"DuckDB refused it: {error}"
            raise DatasetSourceError(message, path=path, line=rows.line) from error
    raise DatasetSourceError(
        f"DuckDB refused these rows: {batch_error}", path=path, line=batch[0].line
    ) from batch_error
