"""PostgreSQL's unbounded numeric, stored as the smallest DECIMAL that holds every value.

PostgreSQL keeps every digit of a `numeric` declared without precision; DuckDB's DECIMAL has a
fixed precision (at most 38 digits) and scale, and a plain DECIMAL means DECIMAL(18,3), which
would round. So the rows are first loaded with the column as text, and the column is then
created with the precision and scale its values need: each value is stored exactly, and the
translator treats the column as the exact decimal it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import duckdb
from sqlglot import exp

from app.catalog.errors import DatasetSourceError
from app.catalog.identifiers import quoted
from app.catalog.loading import TableWriter
from app.catalog.pgschema import TableDef

MAX_PRECISION = 38  # DuckDB's widest DECIMAL


@dataclass(frozen=True)
class Digits:
    text: str
    before: int  # digits before the decimal point
    after: int  # digits after it: the scale PostgreSQL keeps for the value


def settle_numeric_columns(
    conn: duckdb.DuckDBPyConnection, table: TableDef, load: Callable[[TableWriter], None]
) -> frozenset[str]:
    """Give each unbounded numeric column of `table` the smallest DECIMAL its rows fit in;
    `load` writes the table's rows through the writer it is given. Returns those columns."""
    columns = table.unbounded_numeric_columns()
    if not columns:
        return frozenset()
    staging = f"__numeric_{table.name}"
    conn.execute(table.staging_sql(staging))
    try:
        load(TableWriter(conn, staging))
        for column in columns:
            values = conn.execute(
                f"SELECT DISTINCT {quoted(column)} FROM {quoted(staging)} "
                f"WHERE {quoted(column)} IS NOT NULL"
            ).fetchall()
            where = f"column {table.schema}.{table.name}.{column}"
            table.set_column_type(column, smallest_decimal([v for (v,) in values], where))
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {quoted(staging)}")
    return frozenset(columns)


def smallest_decimal(texts: Iterable[str], where: str) -> exp.DataType:
    """DECIMAL(p, s) with the fewest digits that stores every value exactly."""
    found = [digits_of(text, where) for text in texts]
    widest = max(found, key=lambda d: d.before, default=Digits("0", 0, 0))
    finest = max(found, key=lambda d: d.after, default=Digits("0", 0, 0))
    precision = max(1, widest.before + finest.after)
    if precision > MAX_PRECISION:
        raise DatasetSourceError(
            f"{where}: its values need {precision} digits ({widest.before} before the point, as "
            f"in {widest.text}, and {finest.after} after it, as in {finest.text}); DuckDB's "
            f"DECIMAL holds at most {MAX_PRECISION}: declare the column numeric(p,s) with fewer "
            "digits, or double precision if exact digits do not matter"
        )
    return exp.DataType.build(f"DECIMAL({precision}, {finest.after})")


def digits_of(text: str, where: str) -> Digits:
    """How many digits a numeric value has before and after its decimal point."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise DatasetSourceError(f"{where}: {text!r} is not a number") from None
    if not value.is_finite():
        raise DatasetSourceError(f"{where}: {text} is not supported (a DECIMAL is always finite)")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    before = 0 if value.is_zero() else max(0, len(digits) + exponent)
    return Digits(text.strip(), before, max(0, -exponent))
