"""Numbers as PostgreSQL computes them: integer division, division by zero, plain numeric,
rounding of doubles, percentile interpolation."""

from __future__ import annotations

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError
from app.sqlengine.translate.exact import numeric_scale
from app.sqlengine.translate.pgtypes import FLOAT_TYPES, postgres_kind


def fix_integer_division(tree: exp.Expr) -> None:
    """PostgreSQL truncates int / int; DuckDB's `/` always returns a fraction, `//` truncates."""
    for div in list(tree.find_all(exp.Div)):
        left, right = postgres_kind(div.this), postgres_kind(div.expression)
        if "unknown" in (left, right) and "fraction" not in (left, right):
            raise UnsupportedError(
                f"Cannot tell whether {div.meta.get('written') or div.sql('postgres')} is an "
                "integer division. Cast "
                "one side to say what you mean, e.g. x::numeric / y or x::int / y."
            )
        if left == right == "integer":
            quotient = exp.IntDiv(this=div.this, expression=div.expression)
            quotient.type = exp.DataType.build("BIGINT")  # for divisions of this one
            div.replace(quotient)
        else:
            div.set("typed", False)  # a plain fraction: no truncation wrapped around it


def guard_division_by_zero(tree: exp.Expr) -> None:
    """PostgreSQL raises 'division by zero' where DuckDB quietly returns NULL."""
    for node in list(tree.find_all(exp.Div, exp.IntDiv, exp.Mod)):
        divisor = node.expression
        if isinstance(divisor, exp.Literal) and not divisor.is_string and float(divisor.this) != 0:
            continue
        guard = (
            exp.case()
            .when(
                exp.EQ(this=divisor.copy(), expression=exp.Literal.number(0)),
                exp.Anonymous(this="error", expressions=[exp.Literal.string("division by zero")]),
            )
            .else_(divisor.copy())
        )
        node.set("expression", guard)


def widen_plain_numeric(tree: exp.Expr) -> None:
    """PostgreSQL's unconstrained numeric keeps every digit; DuckDB's DECIMAL means (18,3).

    A cast keeps the scale of an exact source (count(*)::numeric stays 20000); anything else
    gets ten decimals. Every cast leaves 28 digits before the point, so that the branches of a
    UNION or the rows of a VALUES list with different scales unite without rounding.
    """
    for data_type in tree.find_all(exp.DataType):
        if data_type.this == exp.DataType.Type.DECIMAL and not data_type.expressions:
            cast = data_type.parent if isinstance(data_type.parent, exp.Cast) else None
            scale = numeric_scale(cast.this) if cast else None
            scale = PLAIN_NUMERIC_SCALE if scale is None else min(scale, PLAIN_NUMERIC_SCALE)
            digits = [WHOLE_DIGITS + scale, scale]  # a UNION of two scales still fits in 38
            data_type.set(
                "expressions", [exp.DataTypeParam(this=exp.Literal.number(d)) for d in digits]
            )


PLAIN_NUMERIC_SCALE = 10
WHOLE_DIGITS = 28  # DuckDB cannot widen DECIMAL(38, 0) and DECIMAL(38, 1) to one type


def round_half_even_on_floats(tree: exp.Expr) -> None:
    """round(double precision) rounds half to even in PostgreSQL (numeric rounds half away), and
    PostgreSQL has no round(double precision, integer)."""
    for call in list(tree.find_all(exp.Round)):
        if not certainly_double(call.this):
            continue
        if call.args.get("decimals"):
            raise UnsupportedError(
                "PostgreSQL has no round(double precision, integer): "
                "cast to numeric first, e.g. round(x::numeric, 2)."
            )
        even = exp.Anonymous(this="round_even", expressions=[call.this, exp.Literal.number(0)])
        call.replace(even)


def certainly_double(node: exp.Expr) -> bool:
    """A double in PostgreSQL for sure: a cast to one (sqlglot's inferred types are not trusted
    here: it types numeric averages, literals and CTE columns built from them as doubles)."""
    node = node.unnest()
    return isinstance(node, exp.Cast) and node.to.this in FLOAT_TYPES


def interpolate_in_double(tree: exp.Expr) -> None:
    """percentile_cont interpolates in double precision in PostgreSQL; DuckDB keeps the decimal
    type of the column and rounds the interpolated value to its scale."""
    for group in tree.find_all(exp.WithinGroup):
        if isinstance(group.this, exp.PercentileCont) and isinstance(group.expression, exp.Order):
            for ordered in group.expression.expressions:
                ordered.set("this", exp.cast(ordered.this, exp.DataType.build("DOUBLE")))
