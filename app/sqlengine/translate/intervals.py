"""sum() and avg() over intervals, computed the way PostgreSQL 15 does.

PostgreSQL adds intervals field by field (months, days, microseconds) and divides an interval
in steps that round twice (`interval_div`). DuckDB has no sum(interval) and averages intervals
as one number, which drifts by microseconds; so both aggregates are rebuilt from field sums.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from app.sqlengine.errors import UnsupportedError

MONTHS = "sum(datepart('year', {x}) * 12 + datepart('month', {x}))"
DAYS = "sum(datepart('day', {x}))"
MICROS = (
    "sum(datepart('hour', {x}) * 3600000000 + datepart('minute', {x}) * 60000000"
    " + datepart('microseconds', {x}))"
)
COUNT = "CAST(count({x}) AS DOUBLE)"
INTERVAL = exp.DataType.Type.INTERVAL


def interval_aggregates(tree: exp.Expr) -> None:
    """Replace sum() and avg() of interval values with PostgreSQL's field-wise arithmetic."""
    for call in list(tree.find_all(exp.Sum, exp.Avg)):
        argument = call.this
        if argument.type is None or argument.type.this != INTERVAL:
            continue
        if isinstance(call.parent, exp.Window):
            raise UnsupportedError("sum() and avg() of intervals over a window are not supported.")
        sql = _sum(argument) if isinstance(call, exp.Sum) else _average(argument)
        call.replace(sqlglot.parse_one(sql, read="duckdb"))


def _fields(argument: exp.Expr) -> dict[str, str]:
    x = argument.sql(dialect="duckdb")
    return {
        "M": MONTHS.format(x=x),
        "D": DAYS.format(x=x),
        "U": MICROS.format(x=x),
        "N": COUNT.format(x=x),
    }


def _sum(argument: exp.Expr) -> str:
    f = _fields(argument)
    months, days, micros = (f"CAST({f[k]} AS BIGINT)" for k in ("M", "D", "U"))
    return f"(to_months({months}) + to_days({days}) + to_microseconds({micros}))"


def _average(argument: exp.Expr) -> str:
    """interval_div(sum, count): whole months and days, the fractions cascaded into time."""
    f = _fields(argument)
    month, day = f"trunc({f['M']} / {f['N']})", f"trunc({f['D']} / {f['N']})"
    month_days = f"(round_even(({f['M']} / {f['N']} - {month}) * 30 * 1e6, 0) / 1e6)"
    seconds = (
        f"(round_even(({f['D']} / {f['N']} - {day} + {month_days} - trunc({month_days}))"
        " * 86400 * 1e6, 0) / 1e6)"
    )
    whole_days = f"trunc({seconds} / 86400)"  # rounding may leave a whole day in the seconds
    time = f"round_even({f['U']} / {f['N']} + ({seconds} - {whole_days} * 86400) * 1e6, 0)"
    total_days = f"{day} + {whole_days} + trunc({month_days})"
    return (
        f"CASE WHEN count({argument.sql(dialect='duckdb')}) > 0 THEN "
        f"to_months(CAST({month} AS BIGINT)) + to_days(CAST({total_days} AS BIGINT)) "
        f"+ to_microseconds(CAST({time} AS BIGINT)) END"
    )


# make_interval's parts, as DuckDB builds each (weeks are 7 days; seconds are a double,
# rounded to microseconds). sqlglot writes the call as an interval literal, which only works
# when every part is a constant.
INTERVAL_PARTS = {
    "year": "to_years({x})",
    "month": "to_months({x})",
    "week": "to_days({x} * 7)",
    "day": "to_days({x})",
    "hour": "to_hours({x})",
    "minute": "to_minutes({x})",
    "second": "to_microseconds(CAST(round_even({x} * 1000000, 0) AS BIGINT))",
}


def make_intervals(tree: exp.Expr) -> None:
    """make_interval(years => n, ...) with any expressions as its parts, NULL if one is."""
    for call in list(tree.find_all(exp.MakeInterval)):
        parts = [
            INTERVAL_PARTS[name].format(x=_part_value(value).sql(dialect="duckdb"))
            for name, value in call.args.items()
            if value is not None
        ]
        built = sqlglot.parse_one(f"({' + '.join(parts) or 'to_days(0)'})", read="duckdb")
        built.type = exp.DataType.build("INTERVAL")
        call.replace(built)


def _part_value(value: exp.Expr) -> exp.Expr:
    return value.expression if isinstance(value, exp.Kwarg) else value
