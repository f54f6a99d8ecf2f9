"""Exact numerics as PostgreSQL computes them: EXTRACT, numeric quotients and averages.

DuckDB divides decimals (and averages them) in double precision; PostgreSQL's numeric keeps
every digit. The fixes compute quotients on 128-bit integers instead, and `numeric_scale` says
how many decimals an exact expression has, from the node kinds whose DuckDB type is certain.
"""

from __future__ import annotations

from sqlglot import exp

from app.sqlengine.translate.pgtypes import DATETIME_TYPES, definition

# --- EXTRACT as an exact numeric ------------------------------------------------------------

# placeholders for the parts of a rewritten expression (see with_parts)
VALUE, NUMERATOR, DENOMINATOR = "__exact_value", "__exact_numerator", "__exact_denominator"
MICRO = "CAST('0.000001' AS DECIMAL(38, 6))"
INTERVAL_MICROS = (
    "(CAST(datepart('year', {x}) AS DECIMAL(38, 0)) * 31557600000000"
    " + CAST(datepart('month', {x}) AS DECIMAL(38, 0)) * 2592000000000"
    " + CAST(datepart('day', {x}) AS DECIMAL(38, 0)) * 86400000000"
    " + CAST(datepart('hour', {x}) * 3600000000 + datepart('minute', {x}) * 60000000"
    " + datepart('microseconds', {x}) AS DECIMAL(38, 0)))"
)
EXTRACTED_SECONDS = {
    "epoch_interval": f"({INTERVAL_MICROS} * {MICRO})",
    "epoch_timestamp": f"(CAST(epoch_us(CAST({{x}} AS TIMESTAMP)) AS DECIMAL(38, 0)) * {MICRO})",
    "second": f"(CAST(datepart('microseconds', {{x}}) AS DECIMAL(38, 0)) * {MICRO})",
}


def exact_extract(tree: exp.Expr) -> None:
    """EXTRACT returns numeric in PostgreSQL (since 14): epoch and seconds keep microseconds
    exactly, where DuckDB returns doubles or whole seconds. A year of an interval counts as
    365.25 days and a month as 30, as in PostgreSQL."""
    for extract in list(tree.find_all(exp.Extract)):
        template = EXTRACTED_SECONDS.get(_extract_kind(extract))
        if template:
            exact = with_parts(template.format(x=VALUE), {VALUE: extract.expression})
            exact.type = exp.DataType.build("DECIMAL(38, 6)")
            exact.meta["exact_scale"] = 6
            extract.replace(exact)


def _extract_kind(extract: exp.Extract) -> str:
    field = str(extract.this.name).lower()
    if field in ("second", "seconds"):
        return "second"
    if field != "epoch":
        return field
    source = extract.expression.type.this if extract.expression.type else None
    if source == exp.DataType.Type.INTERVAL:
        return "epoch_interval"
    return "epoch_timestamp" if source in DATETIME_TYPES else "epoch_unknown"  # left as is


# --- exact numeric quotients -----------------------------------------------------------------

QUOTIENT_SCALE = 16  # PostgreSQL gives quotients and averages at least 16 significant digits
TENTH_POWER = "CAST('0.{zeros}1' AS DECIMAL(38, {scale}))"


def exact_numeric_averages(tree: exp.Expr) -> None:
    """avg() of integers or numerics is an exact numeric in PostgreSQL, a double in DuckDB."""
    for avg in list(tree.find_all(exp.Avg)):
        value = avg.this.expressions[0] if isinstance(avg.this, exp.Distinct) else avg.this
        scale = numeric_scale(value)
        if scale is None:
            continue  # avg(double precision) is a double in PostgreSQL too
        wrapper = _aggregate_wrapper(avg)
        total, count = (
            _with_aggregate(wrapper, avg, kind(this=avg.this.copy()))
            for kind in (exp.Sum, exp.Count)
        )
        nonzero = exp.Nullif(this=count, expression=exp.Literal.number(0))
        wrapper.replace(_exact(exact_quotient(total, scale, nonzero, 0)))


def exact_numeric_division(tree: exp.Expr) -> None:
    """numeric / numeric is exact in PostgreSQL; DuckDB divides decimals as doubles."""
    for div in list(tree.find_all(exp.Div)):
        left, right = numeric_scale(div.this), numeric_scale(div.expression)
        if left is None or right is None or left == right == 0:
            continue  # a double is involved (or it is integer division, fixed elsewhere)
        div.replace(_exact(exact_quotient(div.this, left, div.expression, right)))


def _exact(quotient: exp.Expr) -> exp.Expr:
    """An exact quotient, typed for the fixes that look at what contains it."""
    quotient.type = exp.DataType.build(f"DECIMAL(38, {QUOTIENT_SCALE})")
    quotient.meta["exact_scale"] = QUOTIENT_SCALE
    return quotient


def exact_quotient(
    numerator: exp.Expr, n_scale: int, denominator: exp.Expr, d_scale: int
) -> exp.Expr:
    """numerator / denominator as DECIMAL(38, 16), rounded half away from zero, computed on
    128-bit integers scaled by each side's number of decimals."""
    top, bottom = scaled_integer(NUMERATOR, n_scale), scaled_integer(DENOMINATOR, d_scale)
    shift = QUOTIENT_SCALE + d_scale - n_scale
    top, bottom = (
        (f"{top} * {10**shift}", bottom) if shift >= 0 else (top, f"{bottom} * {10**-shift}")
    )
    rounded = (
        f"((2 * abs({top}) + abs({bottom})) // (2 * abs({bottom})) * sign({top}) * sign({bottom}))"
    )
    unit = TENTH_POWER.format(zeros="0" * (QUOTIENT_SCALE - 1), scale=QUOTIENT_SCALE)
    sql = f"(CAST({rounded} AS DECIMAL(38, 0)) * {unit})"
    return with_parts(sql, {NUMERATOR: numerator, DENOMINATOR: denominator})


def scaled_integer(value: str, scale: int) -> str:
    """value * 10^scale as a HUGEINT, exactly. Multiplying in DECIMAL(38, scale) would overflow
    above 10^(38 - 2 * scale) (an average of averages, at scale 16, passes 10^6); DuckDB writes a
    DECIMAL(38, scale) with exactly `scale` decimals, which read without the point are the same
    number times 10^scale."""
    if scale == 0:
        return f"CAST({value} AS HUGEINT)"
    digits = f"replace(CAST(CAST({value} AS DECIMAL(38, {scale})) AS VARCHAR), '.', '')"
    return f"CAST({digits} AS HUGEINT)"


def with_parts(sql: str, parts: dict[str, exp.Expr]) -> exp.Expr:
    """DuckDB SQL whose placeholder columns are replaced by copies of the parts. The parts keep
    their types and notes (a text round trip would lose them, and the fixes that run later,
    such as integer division inside an aggregate's FILTER, need them)."""
    node: exp.Expr = exp.maybe_parse(sql, dialect="duckdb")
    for column in list(node.find_all(exp.Column)):
        if not column.table and column.name in parts:
            column.replace(parts[column.name].copy())
    return node


def numeric_scale(node: exp.Expr) -> int | None:
    """Decimal places of an exact (integer or decimal) expression; None for doubles or unknown.

    Only node kinds whose DuckDB type is certain count: sqlglot's inferred types are a guess.
    """
    node = node.unnest()
    if isinstance(node, exp.Literal) and not node.is_string:
        text = node.this.lower()
        return None if "e" in text else len(text.partition(".")[2])
    if isinstance(node, (exp.Neg, exp.Sum, exp.Min, exp.Max, exp.Abs)):
        return numeric_scale(node.this)
    if isinstance(node, exp.Avg):
        return QUOTIENT_SCALE if numeric_scale(node.this) is not None else None
    if isinstance(node, exp.Count):
        return 0
    if isinstance(node, exp.Div):
        return _quotient_scale(node)
    if isinstance(node, (exp.Add, exp.Sub, exp.Mul)):
        return _combined_scale(node)
    if isinstance(node, exp.Cast):
        return _scale_of_type(node.to)
    if (defined := definition(node)) is not None:
        return numeric_scale(defined)  # a scalar subquery, a column of a CTE or subquery
    if isinstance(node, exp.Column):
        return _scale_of_type(_dataset_column_type(node))
    if node.meta.get("exact_scale") is not None:
        return int(node.meta["exact_scale"])
    return None  # anything else may be a double in DuckDB: leave it alone


def _dataset_column_type(column: exp.Column) -> exp.DataType | None:
    """The column's type when it reads a dataset table: its type then comes from the schema.
    Columns of CTEs and subqueries carry sqlglot's guesses, which are not trusted."""
    select = column.find_ancestor(exp.Select)
    if select is None:
        return None
    ctes = {cte.alias_or_name for cte in column.root().find_all(exp.CTE)}
    for source in [select.args.get("from_"), *(select.args.get("joins") or [])]:
        table = source.this if source is not None else None
        if isinstance(table, exp.Table) and table.alias_or_name == column.table:
            return column.type if table.name not in ctes else None
    return None


def _combined_scale(node: exp.Add | exp.Sub | exp.Mul) -> int | None:
    left, right = numeric_scale(node.this), numeric_scale(node.expression)
    if left is None or right is None:
        return None
    return left + right if isinstance(node, exp.Mul) else max(left, right)


def _quotient_scale(node: exp.Div) -> int | None:
    """An exact division is integer division (of integers) or an exact quotient (see
    exact_numeric_division, which may not have rewritten it yet)."""
    left, right = numeric_scale(node.this), numeric_scale(node.expression)
    if left is None or right is None:
        return None
    return 0 if left == right == 0 else QUOTIENT_SCALE


def _scale_of_type(data_type: exp.DataType | None) -> int | None:
    if data_type is None:
        return None
    if data_type.this in exp.DataType.INTEGER_TYPES:
        return 0
    if data_type.this == exp.DataType.Type.DECIMAL and len(data_type.expressions) == 2:
        return int(data_type.expressions[1].this.this)
    return None


def _aggregate_wrapper(aggregate: exp.Expr) -> exp.Expr:
    """The aggregate with its FILTER and OVER clauses, which a rewrite must keep."""
    node = aggregate
    while isinstance(node.parent, (exp.Filter, exp.Window)) and node.parent.this is node:
        node = node.parent
    return node


def _with_aggregate(wrapper: exp.Expr, old: exp.Expr, new: exp.Expr) -> exp.Expr:
    """A copy of `wrapper` (an aggregate with its FILTER and OVER) calling `new` for `old`."""
    if wrapper is old:
        return new
    copy = wrapper.copy()
    next(n for n in copy.walk() if type(n) is type(old) and n == old).replace(new)
    return copy
