"""Insert the rows of a dump's INSERT statements, many statements per DuckDB statement.

DuckDB binds a long INSERT ... VALUES list slowly (about 0.1 ms a row). Rows made only of plain
literals are therefore taken apart here and sent as an Arrow table of strings, each column cast
to its type by DuckDB: the conversion DuckDB applies to a quoted literal in VALUES anyway. Rows
holding anything else (casts, expressions) go through VALUES as sqlglot translated them. When a
batch is refused, its statements are run one by one to name the line at fault.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from app.catalog.errors import DatasetSourceError
from app.catalog.identifiers import quoted
from app.catalog.inserting import chunks
from app.catalog.loading import TableWriter, table_columns
from app.catalog.pgscript import InsertedRows

BATCH_STATEMENTS = 20_000
# Strings are matched as "unrolled loops" ('[^']*(?:''[^']*)*'): linear, and fast on long rows.
_STRING = r"'[^']*(?:''[^']*)*'"
_ROW = re.compile(rf"\(([^'()]*(?:{_STRING}[^'()]*)*)\)")  # the inside of each (...) tuple
_LITERAL = re.compile(rf"{_STRING}|[^\s,']+")
_WORDS = {"NULL": None, "TRUE": "true", "FALSE": "false"}


def insert_values(
    conn: duckdb.DuckDBPyConnection, writer: TableWriter, rows: list[InsertedRows], path: Path
) -> None:
    """Insert the rows of one table's INSERT statements."""
    types = table_columns(conn, writer.table)
    for batch in _batches(rows):
        try:
            _insert_batch(conn, writer.target, types, batch)
        except duckdb.Error as error:
            _raise_for_failing_statement(conn, writer.target, batch, path, error)


def literal_rows(values_sql: str) -> list[list[str | None]]:
    """The rows of plain-literal VALUES as text (NULL as None), as a quoted literal reads."""
    return [
        [_literal_text(literal) for literal in _LITERAL.findall(row)]
        for row in _ROW.findall(values_sql)
    ]


def _literal_text(literal: str) -> str | None:
    if literal.startswith("'"):
        return literal[1:-1].replace("''", "'")
    return _WORDS.get(literal.upper(), literal)


def _batches(rows: list[InsertedRows]) -> Iterator[list[InsertedRows]]:
    """Runs of consecutive INSERTs with the same column list and kind, at most a batch long."""
    for _, alike in itertools.groupby(rows, key=lambda r: (r.columns, r.plain)):
        yield from chunks(alike, BATCH_STATEMENTS)


def _insert_batch(
    conn: duckdb.DuckDBPyConnection,
    target: str,
    types: dict[str, str],
    batch: list[InsertedRows],
) -> None:
    names = list(batch[0].columns or types)
    table = _as_arrow(batch, names, types) if batch[0].plain else None
    if table is None:
        conn.execute(_values_sql(target, batch))
        return
    casts = ", ".join(f"CAST(c{i} AS {types[name]})" for i, name in enumerate(names))
    conn.register("dump_rows", table)
    try:
        conn.execute(f"INSERT INTO {target} ({_names(names)}) SELECT {casts} FROM dump_rows")
    finally:
        conn.unregister("dump_rows")


def _as_arrow(batch: list[InsertedRows], names: list[str], types: dict[str, str]) -> pa.Table:
    """Rows as string columns; None when they do not fit the columns (VALUES will say why)."""
    rows = [row for statement in batch for row in literal_rows(statement.values_sql)]
    if any(name not in types for name in names) or any(len(r) != len(names) for r in rows):
        return None
    columns = zip(*rows, strict=True) if rows else ([] for _ in names)
    arrays = [pa.array(list(column), type=pa.string()) for column in columns]
    return pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(names))])


def _values_sql(target: str, batch: Sequence[InsertedRows]) -> str:
    columns = batch[0].columns
    names = f" ({_names(columns)})" if columns else ""
    values = ",\n".join(rows.values_sql for rows in batch)
    return f"INSERT INTO {target}{names} VALUES {values}"


def _names(columns: Sequence[str]) -> str:
    return ", ".join(quoted(column) for column in columns)


def _raise_for_failing_statement(
    conn: duckdb.DuckDBPyConnection,
    target: str,
    batch: list[InsertedRows],
    path: Path,
    batch_error: duckdb.Error,
) -> None:
    for rows in batch:
        try:
            conn.execute(_values_sql(target, [rows]))
        except duckdb.Error as error:
            message = f"DuckDB refused it: {error}"
            raise DatasetSourceError(message, path=path, line=rows.line) from error
    raise DatasetSourceError(
        f"DuckDB refused these rows: {batch_error}", path=path, line=batch[0].line
    ) from batch_error
