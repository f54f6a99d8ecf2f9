"""PostgreSQL functions and operators that DuckDB lacks or computes differently.

Each rewrite replaces one construct with DuckDB SQL that returns PostgreSQL's answer, or raises
UnsupportedError when that cannot be done faithfully.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError
from app.sqlengine.translate.pgtypes import DATETIME_TYPES

CAPTURE_GROUP = re.compile(r"(?<!\\)\((?!\?)")
INTERVAL_SIGN = re.compile(r"([+-])\s+(\d)")
ARRAY_TYPES = {exp.DataType.Type.ARRAY, exp.DataType.Type.LIST}
TEMPORAL = DATETIME_TYPES | {exp.DataType.Type.INTERVAL}
TEXT_TYPES = {exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR}
FLOAT_TYPES = {exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT}


def every_as_bool_and(tree: exp.Expr) -> None:
    """every() is PostgreSQL's standard-SQL name for bool_and()."""
    for call in list(tree.find_all(exp.Anonymous)):
        if call.name.lower() == "every":
            call.replace(exp.LogicalAnd(this=call.expressions[0]))


def width_bucket(tree: exp.Expr) -> None:
    """width_bucket(x, low, high, n): bucket 0 below low, n + 1 at or above high."""
    for call in list(tree.find_all(exp.WidthBucket)):
        x, low, high, n = (call.args[k] for k in ("this", "min_value", "max_value", "num_buckets"))
        span = f"({x.sql()} - {low.sql()}) * {n.sql()} / ({high.sql()} - {low.sql()})"
        inside = f"CAST(floor({span}) AS INTEGER) + 1"
        sql = (
            f"CASE WHEN {x.sql()} < {low.sql()} THEN 0 WHEN {x.sql()} >= {high.sql()} "
            f"THEN {n.sql()} + 1 ELSE {inside} END"
        )
        call.replace(exp.maybe_parse(sql, dialect="duckdb"))


def regexp_match(tree: exp.Expr) -> None:
    """regexp_match(x, p): the array of capture groups (or of the whole match), NULL if none."""
    for call in list(tree.find_all(exp.Anonymous)):
        if call.name.lower() == "regexp_match":
            value, pattern = _value_and_pattern(call.expressions, "regexp_match")
            groups = _groups(pattern) or [0]
            parts = [_extract(value, pattern, g) for g in groups]
            call.replace(_when_matches(value, pattern, exp.Array(expressions=parts)))


def substring_by_pattern(tree: exp.Expr) -> None:
    """substring(x FROM 'regex'): the first capture group (or the match), NULL if none."""
    for call in list(tree.find_all(exp.Substring)):
        start = call.args.get("start")
        if isinstance(start, exp.Literal) and start.is_string and not call.args.get("length"):
            value, pattern = call.this, start
            group = (_groups(pattern) or [0])[0]
            call.replace(_when_matches(value, pattern, _extract(value, pattern, group)))


def substring_positions(tree: exp.Expr) -> None:
    """PostgreSQL counts a start before 1 against the length; DuckDB counts it from the end."""
    for call in list(tree.find_all(exp.Substring)):
        start, length = call.args.get("start"), call.args.get("length")
        if start is None or (
            isinstance(start, exp.Literal) and not start.is_string and float(start.this) >= 1
        ):
            continue
        if isinstance(start, exp.Literal) and start.is_string:
            continue  # the regular-expression form, handled by substring_by_pattern
        first = f"greatest({start.sql()}, 1)"
        count = f", greatest({start.sql()} + {length.sql()} - {first}, 0)" if length else ""
        sql = f"substring({call.this.sql()}, {first}{count})"
        call.replace(exp.maybe_parse(sql, dialect="duckdb"))


def format_placeholders(tree: exp.Expr) -> None:
    """format('%s ...', ...): %s prints a value as text and NULL as ''."""
    for call in list(tree.find_all(exp.Format)):
        template = call.this
        if not (isinstance(template, exp.Literal) and template.is_string):
            raise UnsupportedError("format() needs a constant format string here.")
        if re.search(r"%[^s%]", template.this):
            raise UnsupportedError("format() supports only %s and %% in the practice engine.")
        args = [f"coalesce(CAST({a.sql()} AS VARCHAR), '')" for a in call.expressions]
        sql = f"printf({', '.join([template.sql(), *args])})"
        call.replace(exp.maybe_parse(sql, dialect="duckdb"))


def sized_text_casts(tree: exp.Expr) -> None:
    """Casting to varchar(n) truncates to n characters, as in PostgreSQL."""
    for cast in list(tree.find_all(exp.Cast)):
        kind = cast.to.this
        size = cast.to.expressions[0].this if cast.to.expressions else None
        if kind not in (exp.DataType.Type.VARCHAR, exp.DataType.Type.CHAR) or size is None:
            continue
        if kind == exp.DataType.Type.CHAR:
            raise UnsupportedError(
                "char(n) pads with spaces that later disappear in PostgreSQL; the practice engine "
                "cannot reproduce that. Cast to varchar(n) or text instead."
            )
        text = f"left(CAST({cast.this.sql()} AS VARCHAR), {size.sql()})"
        cast.replace(exp.maybe_parse(text, dialect="duckdb"))


def array_append(tree: exp.Expr) -> None:
    """array || element appends (and element || array prepends) in PostgreSQL."""
    for pipe in list(tree.find_all(exp.DPipe)):
        left, right = _is_array(pipe.this), _is_array(pipe.expression)
        if left and right is False:
            pipe.replace(
                exp.Anonymous(this="list_append", expressions=[pipe.this, pipe.expression])
            )
        elif right and left is False:
            pipe.replace(
                exp.Anonymous(this="list_prepend", expressions=[pipe.this, pipe.expression])
            )


def interval_signs(tree: exp.Expr) -> None:
    """PostgreSQL reads interval '1 month - 1 day'; DuckDB needs the sign next to the number."""
    for interval in tree.find_all(exp.Interval):
        text = interval.this
        if isinstance(text, exp.Literal) and text.is_string:
            text.set("this", INTERVAL_SIGN.sub(r"\1\2", text.this))


def float_text_casts(tree: exp.Expr) -> None:
    """A double prints as 1 in PostgreSQL and as 1.0 in DuckDB."""
    for cast in list(tree.find_all(exp.Cast)):
        source = cast.this.type
        if cast.to.this in TEXT_TYPES and source is not None and source.this in FLOAT_TYPES:
            text = exp.Cast(this=cast.this.copy(), to=exp.DataType.build("VARCHAR"))
            pattern, empty = exp.Literal.string(r"\.0$"), exp.Literal.string("")
            cast.replace(exp.Anonymous(this="regexp_replace", expressions=[text, pattern, empty]))


def untyped_literal_operands(tree: exp.Expr) -> None:
    """ts - '2024-01-01': PostgreSQL reads a quoted literal beside a date, timestamp or interval
    as a value of the other operand's type (timestamp - timestamp is then an interval)."""
    for sub in list(tree.find_all(exp.Sub)):
        for known, literal in ((sub.this, sub.expression), (sub.expression, sub.this)):
            kind = known.unnest().type  # a parenthesised difference is typed inside
            if _is_string(literal) and kind is not None and kind.this in TEMPORAL:
                literal.replace(exp.cast(literal.copy(), kind.copy()))
                break


def _is_string(node: exp.Expr) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def empty_select_lists(tree: exp.Expr) -> None:
    """EXISTS (SELECT FROM ...) is valid PostgreSQL; DuckDB needs something to select."""
    for select in list(tree.find_all(exp.Select)):
        if not select.expressions:
            if not isinstance(select.parent, exp.Exists):
                raise UnsupportedError("A SELECT without columns only works inside EXISTS here.")
            select.select(exp.Literal.number(1), copy=False)


def backslash_escapes_in_like(tree: exp.Expr) -> None:
    """PostgreSQL's LIKE treats backslash as the escape character; DuckDB's has none by default."""
    for like in list(tree.find_all(exp.Like, exp.ILike)):
        if not isinstance(like.parent, exp.Escape):
            like.replace(exp.Escape(this=like.copy(), expression=exp.Literal.string("\\")))


def refuse_distinct_in_windows(tree: exp.Expr) -> None:
    """count(DISTINCT x) OVER (...) runs in DuckDB; PostgreSQL refuses it."""
    for window in tree.find_all(exp.Window):
        aggregate = window.this.this if isinstance(window.this, exp.Filter) else window.this
        if isinstance(aggregate, exp.Expr) and isinstance(aggregate.this, exp.Distinct):
            raise UnsupportedError(
                "DISTINCT is not implemented for window functions (as in PostgreSQL): count the "
                "distinct values per group in a subquery or CTE and join that to the rows."
            )


def _is_array(node: exp.Expr) -> bool | None:
    """True or False when the type is known, None when it is not."""
    if isinstance(node, exp.Array):
        return True
    if node.type is None or node.type.this == exp.DataType.Type.UNKNOWN:
        return None
    return node.type.this in ARRAY_TYPES


def _value_and_pattern(args: list[exp.Expr], name: str) -> tuple[exp.Expr, exp.Literal]:
    if len(args) != 2 or not (isinstance(args[1], exp.Literal) and args[1].is_string):
        raise UnsupportedError(f"{name}() needs a value and a constant pattern (no flags) here.")
    return args[0], args[1]


def _groups(pattern: exp.Literal) -> list[int]:
    return list(range(1, len(CAPTURE_GROUP.findall(pattern.this)) + 1))


def _extract(value: exp.Expr, pattern: exp.Literal, group: int) -> exp.Expr:
    args = [value.copy(), pattern.copy(), exp.Literal.number(group)]
    return exp.Anonymous(this="regexp_extract", expressions=args)


def _when_matches(value: exp.Expr, pattern: exp.Literal, then: exp.Expr) -> exp.Expr:
    test = exp.Anonymous(this="regexp_matches", expressions=[value.copy(), pattern.copy()])
    return exp.case().when(test, then)


# Each rewrite, with the node types it looks at: translation skips it when none are present.
REWRITES: tuple[tuple[tuple[type[exp.Expr], ...], Callable[[exp.Expr], None]], ...] = (
    ((exp.Anonymous,), every_as_bool_and),
    ((exp.WidthBucket,), width_bucket),
    ((exp.Anonymous,), regexp_match),
    ((exp.Substring,), substring_by_pattern),
    ((exp.Substring,), substring_positions),
    ((exp.Format,), format_placeholders),
    ((exp.Cast,), sized_text_casts),
    ((exp.DPipe,), array_append),
    ((exp.Interval,), interval_signs),
    ((exp.Sub,), untyped_literal_operands),
    ((exp.Cast,), float_text_casts),
    ((exp.Select,), empty_select_lists),
    ((exp.Like, exp.ILike), backslash_escapes_in_like),
    ((exp.Window,), refuse_distinct_in_windows),
)
