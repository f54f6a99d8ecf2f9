"""Write rows into a table: generated Python rows or a CSV file."""

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

GENERATED_CHUNK_ROWS = 100_000
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
    for chunk in chunks(rows, GENERATED_CHUNK_ROWS):
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


def chunks(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    """Lists of `size` consecutive items (the last one shorter)."""
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
    try:
        with path.open(newline="", encoding="utf-8") as file:
            header = next(csv.reader(file), [])
    except UnicodeDecodeError as error:
        raise DatasetSourceError(f"is not UTF-8 text ({error.reason})", path=path) from error
    if sorted(header) != sorted(columns):
        raise DatasetSourceError(
            f"header {header} does not name the table's columns {list(columns)}", path=path, line=1
        )
    return header
