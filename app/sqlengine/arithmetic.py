"""Numbers as PostgreSQL computes them: integer division, division by zero, plain numeric,
rounding of doubles, percentile interpolation."""

from __future__ import annotations

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError
from app.sqlengine.pgtypes import FLOAT_TYPES, postgres_kind


def fix_integer_division(tree: exp.Expr) -> None:
    """PostgreSQL truncates int / int; DuckDB's `/` always returns a fraction, `//` truncates."""
    for div in list(tree.find_all(exp.Div)):
        left, right = postgres_kind(div.this), postgres_kind(div.expression)
        if "unknown" in (left, right) and "fraction" not in (left, right):
            raise UnsupportedError(
                f"Cannot tell whether {div.sql(dialect='postgres')} is an integer division. Cast "
                "one side to say what you mean, e.g. x::numeric / y or x::int / y."
            )
        if left == right == "integer":
            div.replace(exp.IntDiv(this=div.this, expression=div.expression))
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
    """PostgreSQL's unconstrained numeric keeps every digit; DuckDB's DECIMAL means (18,3)."""
    for data_type in tree.find_all(exp.DataType):
        if data_type.this == exp.DataType.Type.DECIMAL and not data_type.expressions:
            data_type.set(
                "expressions",
                [
                    exp.DataTypeParam(this=exp.Literal.number(38)),
                    exp.DataTypeParam(this=exp.Literal.number(10)),
                ],
            )


def round_half_even_on_floats(tree: exp.Expr) -> None:
    """round(double precision) rounds half to even in PostgreSQL (numeric rounds half away)."""
    for call in list(tree.find_all(exp.Round)):
        value = call.this
        literal = isinstance(value.unnest(), (exp.Literal, exp.Neg))  # 2.5 is numeric in PostgreSQL
        floating = value.type is not None and value.type.this in FLOAT_TYPES
        if floating and not literal and not call.args.get("decimals"):
            call.replace(
                exp.Anonymous(this="round_even", expressions=[value.copy(), exp.Literal.number(0)])
            )


def interpolate_in_double(tree: exp.Expr) -> None:
    """percentile_cont interpolates in double precision in PostgreSQL; DuckDB keeps the decimal
    type of the column and rounds the interpolated value to its scale."""
    for group in tree.find_all(exp.WithinGroup):
        if isinstance(group.this, exp.PercentileCont) and isinstance(group.expression, exp.Order):
            for ordered in group.expression.expressions:
                ordered.set("this", exp.cast(ordered.this, exp.DataType.build("DOUBLE")))
