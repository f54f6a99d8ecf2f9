"""generate_series over numerics, which PostgreSQL has and DuckDB does not.

`generate_series(0.5, 2, 0.5)` yields 0.5, 1.0, 1.5, 2.0 in PostgreSQL; DuckDB's only takes
integers and timestamps. The values are start + i * step for i from 0 to the last whole step,
which is counted exactly on 128-bit integers (a double would lose the last step of 0.1 steps).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from app.sqlengine.translate.exact import numeric_scale, scaled_integer, with_parts
from app.sqlengine.translate.series import arguments, replace_series, typed_cast

START, STOP, STEP = "__series_start", "__series_stop", "__series_step"


def numeric_series(tree: exp.Expr) -> None:
    """Rewrite each generate_series with a numeric argument as steps of an integer series."""
    for call in list(tree.find_all(exp.ExplodingGenerateSeries)):
        scales = [numeric_scale(arg) for arg in arguments(call)]
        if None in scales or not any(scales):
            continue  # integers, timestamps, or of a type not known here
        scale = max(s for s in scales if s is not None)
        start, stop = call.args["start"], call.args["end"]
        step = call.args.get("step") or exp.Literal.number(1)
        counter = exp.ExplodingGenerateSeries(
            start=exp.Literal.number(0), end=_last_step(start, stop, step, scale)
        )
        replace_series(call, counter, _stepping(start, step, f"DECIMAL(38, {scale})"))


def _stepping(start: exp.Expr, step: exp.Expr, decimal: str) -> Callable[[exp.Expr], exp.Expr]:
    """The series value for step number i: start + i * step, in the series' decimal type."""
    first, stride = (exp.cast(arg.copy(), exp.DataType.build(decimal)) for arg in (start, step))
    return lambda i: typed_cast(first.copy() + stride.copy() * i, decimal)


def _last_step(start: exp.Expr, stop: exp.Expr, step: exp.Expr, scale: int) -> exp.Expr:
    """The number of whole steps from start to stop; -1 (no rows) when stop is behind."""
    a, b, s = (scaled_integer(name, scale) for name in (START, STOP, STEP))
    sql = (
        f"CAST(CASE WHEN {s} = 0 THEN error('step size cannot equal zero')"
        f" WHEN sign({b} - {a}) * sign({s}) < 0 THEN -1 ELSE ({b} - {a}) // {s} END AS BIGINT)"
    )
    return with_parts(sql, {START: start, STOP: stop, STEP: step})
