"""Translate validated PostgreSQL to DuckDB SQL that returns PostgreSQL's answer.

sqlglot does most of the work; this module fixes what translation alone gets wrong and rejects
what cannot be made faithful. Each fix is one small function over the parse tree.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlglot import Dialect, exp
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

from app.sqlengine.allowlist import function_name
from app.sqlengine.dialects import RAW_TO_CHAR
from app.sqlengine.errors import UnsupportedError
from app.sqlengine.intervals import interval_aggregates
from app.sqlengine.pgfunctions import REWRITES
from app.sqlengine.tochar import rewrite_to_char
from app.sqlengine.validate import ValidatedQuery

INTEGER_TYPES = exp.DataType.INTEGER_TYPES
TIE_RANK = "__tie_rank"
DUCKDB = Dialect.get_or_raise("duckdb")
FLOAT_TYPES = {exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT}
DATETIME_TYPES = {
    exp.DataType.Type.DATE,
    exp.DataType.Type.TIMESTAMP,
    exp.DataType.Type.TIMESTAMPNTZ,
    exp.DataType.Type.DATETIME,
}
TEXT_TYPES = {exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR}


@dataclass(frozen=True)
class DatasetSchema:
    """What translation needs to know about a dataset: column types and primary keys."""

    columns: Mapping[str, Mapping[str, str]]
    primary_keys: Mapping[str, Sequence[str]]

    def sqlglot_schema(self) -> MappingSchema:
        return MappingSchema({t: dict(c) for t, c in self.columns.items()}, dialect="duckdb")


@dataclass(frozen=True)
class Translation:
    """DuckDB SQL to run, and the column names PostgreSQL would show."""

    sql: str
    column_names: list[str]


def translate(query: ValidatedQuery, schema: DatasetSchema) -> Translation:
    """DuckDB SQL for a validated query (PostgreSQL semantics when written in PostgreSQL).

    The query's tree is rewritten in place: a ValidatedQuery is translated once.
    """
    if query.dialect == "duckdb":
        return Translation(DUCKDB.generate(query.tree, copy=False), [])
    names = postgres_output_names(query.tree)
    tree = query.tree
    if _needs_types(tree, schema):
        tree = _typed_tree(tree, schema)
    present = {type(node) for node in tree.walk()}
    for node_types, fix in FIXES:
        if present.intersection(node_types):
            fix(tree)
    _add_functionally_dependent_columns(tree, schema)
    tree = _rewrite_fetch_with_ties(tree)
    return Translation(DUCKDB.generate(tree, copy=False), names)


def _needs_types(tree: exp.Expr, schema: DatasetSchema) -> bool:
    """Typing the tree is the slow part of translation: do it only when a fix asks for types."""
    return (
        tree.find(exp.Div, exp.Round) is not None
        or any(call.name.lower() == RAW_TO_CHAR for call in tree.find_all(exp.Anonymous))
        or _concatenates_arrays(tree)
        or any(_is_string_literal(sub.expression) for sub in tree.find_all(exp.Sub))
        or any(cast.to.this in TEXT_TYPES for cast in tree.find_all(exp.Cast))
        or _may_aggregate_intervals(tree, schema)
        or _groups_by_a_key(tree, schema)
    )


def _may_aggregate_intervals(tree: exp.Expr, schema: DatasetSchema) -> bool:
    """Intervals come from literals, interval columns, or subtracting dates and timestamps."""
    if tree.find(exp.Sum, exp.Avg) is None:
        return False
    temporal = {
        name
        for columns in schema.columns.values()
        for name, kind in columns.items()
        if kind.upper().startswith(("INTERVAL", "DATE", "TIME"))
    }
    return tree.find(exp.Interval) is not None or any(
        column.name in temporal
        for sub in tree.find_all(exp.Sub)
        for column in sub.find_all(exp.Column)
    )


def _concatenates_arrays(tree: exp.Expr) -> bool:
    arrays = tree.find(exp.Array, exp.ArrayAgg, exp.StringToArray)
    return arrays is not None and tree.find(exp.DPipe) is not None


def _is_string_literal(node: exp.Expr) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _groups_by_a_key(tree: exp.Expr, schema: DatasetSchema) -> bool:
    read = {table.name for table in tree.find_all(exp.Table)}
    key_columns = {c for t in read for c in schema.primary_keys.get(t, ())}
    return any(
        column.name in key_columns
        for group in tree.find_all(exp.Group)
        for column in group.find_all(exp.Column)
    )


def _typed_tree(tree: exp.Expr, schema: DatasetSchema) -> exp.Expr:
    """Qualify columns and annotate types, so fixes can ask what type an expression has."""
    sqlglot_schema = schema.sqlglot_schema()
    with contextlib.suppress(OptimizeError):  # DuckDB then reports the problem precisely
        tree = qualify(
            tree, schema=sqlglot_schema, dialect="postgres", validate_qualify_columns=False
        )
    tree = annotate_types(tree, schema=sqlglot_schema, dialect="postgres")
    _correct_subtraction_types(tree)
    return tree


def _correct_subtraction_types(tree: exp.Expr) -> None:
    """sqlglot types date - date as a date and timestamp - timestamp as a timestamp; in
    PostgreSQL they are an integer (days) and an interval."""
    for sub in reversed(list(tree.find_all(exp.Sub))):  # inner subtractions first
        left, right = sub.this.type, sub.expression.type
        if left is None or right is None:
            continue
        if left.this == right.this == exp.DataType.Type.DATE:
            sub.type = exp.DataType.build("INT")
        elif left.this in DATETIME_TYPES and right.this in DATETIME_TYPES:
            sub.type = exp.DataType.build("INTERVAL")


# --- integer division -------------------------------------------------------------------------


def _fix_integer_division(tree: exp.Expr) -> None:
    """PostgreSQL truncates int / int; DuckDB's `/` always returns a fraction, `//` truncates."""
    for div in list(tree.find_all(exp.Div)):
        left, right = _postgres_kind(div.this), _postgres_kind(div.expression)
        if "unknown" in (left, right) and "fraction" not in (left, right):
            raise UnsupportedError(
                f"Cannot tell whether {div.sql(dialect='postgres')} is an integer division. Cast "
                "one side to say what you mean, e.g. x::numeric / y or x::int / y."
            )
        if left == right == "integer":
            div.replace(exp.IntDiv(this=div.this, expression=div.expression))
        else:
            div.set("typed", False)  # a plain fraction: no truncation wrapped around it


def _postgres_kind(node: exp.Expr) -> str:
    """'integer', 'fraction' or 'unknown' as PostgreSQL would type `node`."""
    node = node.unnest()
    if isinstance(node, exp.Window):
        node = node.this
    if isinstance(node, (exp.Avg, exp.Extract)):
        return "fraction"  # numeric in PostgreSQL (EXTRACT since version 14)
    if isinstance(node, exp.Sum) and not _is_small_integer(node.this):
        return "fraction"  # sum(bigint) is numeric in PostgreSQL
    if node.type is None or node.type.this == exp.DataType.Type.UNKNOWN:
        return "unknown"
    return "integer" if node.type.this in INTEGER_TYPES else "fraction"


def _is_small_integer(node: exp.Expr) -> bool:
    small = {exp.DataType.Type.INT, exp.DataType.Type.SMALLINT, exp.DataType.Type.TINYINT}
    return node.type is not None and node.type.this in small


def _guard_division_by_zero(tree: exp.Expr) -> None:
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


def _fractional_seconds(tree: exp.Expr) -> None:
    """EXTRACT(SECOND ...) keeps the fraction in PostgreSQL; DuckDB returns whole seconds."""
    for extract in list(tree.find_all(exp.Extract)):
        if extract.this.name.lower() in ("second", "seconds"):
            micro = exp.Anonymous(this="microsecond", expressions=[extract.expression.copy()])
            extract.replace(exp.Div(this=micro, expression=exp.Literal.number("1000000.0")))


def _interpolate_in_double(tree: exp.Expr) -> None:
    """percentile_cont interpolates in double precision in PostgreSQL; DuckDB keeps the decimal
    type of the column and rounds the interpolated value to its scale."""
    for group in tree.find_all(exp.WithinGroup):
        if isinstance(group.this, exp.PercentileCont) and isinstance(group.expression, exp.Order):
            for ordered in group.expression.expressions:
                ordered.set("this", exp.cast(ordered.this, exp.DataType.build("DOUBLE")))


def _round_half_even_on_floats(tree: exp.Expr) -> None:
    """round(double precision) rounds half to even in PostgreSQL (numeric rounds half away)."""
    for call in list(tree.find_all(exp.Round)):
        value = call.this
        literal = isinstance(value.unnest(), (exp.Literal, exp.Neg))  # 2.5 is numeric in PostgreSQL
        floating = value.type is not None and value.type.this in FLOAT_TYPES
        if floating and not literal and not call.args.get("decimals"):
            call.replace(
                exp.Anonymous(this="round_even", expressions=[value.copy(), exp.Literal.number(0)])
            )


def _backslash_escapes_in_like(tree: exp.Expr) -> None:
    """PostgreSQL's LIKE treats backslash as the escape character; DuckDB's has none by default."""
    for like in list(tree.find_all(exp.Like, exp.ILike)):
        if not isinstance(like.parent, exp.Escape):
            like.replace(exp.Escape(this=like.copy(), expression=exp.Literal.string("\\")))


# --- plain numeric ----------------------------------------------------------------------------


def _widen_plain_numeric(tree: exp.Expr) -> None:
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


# --- GROUP BY a primary key -------------------------------------------------------------------


def _add_functionally_dependent_columns(tree: exp.Expr, schema: DatasetSchema) -> None:
    """PostgreSQL lets a query group by a primary key and select the row's other columns."""
    for select in tree.find_all(exp.Select):
        group = select.args.get("group")
        if group:
            for column in _dependent_columns(select, group, schema):
                group.append("expressions", column)


def _dependent_columns(
    select: exp.Select, group: exp.Group, schema: DatasetSchema
) -> list[exp.Column]:
    grouped = {(c.table, c.name) for c in group.expressions if isinstance(c, exp.Column)}
    tables = _source_tables(select)
    extra: dict[tuple[str, str], exp.Column] = {}
    for alias, table in tables.items():
        key = schema.primary_keys.get(table) or []
        if key and all((alias, k) in grouped for k in key):
            for column in _columns_of(select, alias):
                if (alias, column.name) not in grouped:
                    extra[(alias, column.name)] = column.copy()
    return list(extra.values())


def _source_tables(select: exp.Select) -> dict[str, str]:
    """Alias -> dataset table for the tables this SELECT reads directly."""
    sources = [select.args.get("from_"), *(select.args.get("joins") or [])]
    tables = [s.this for s in sources if s is not None and isinstance(s.this, exp.Table)]
    return {t.alias_or_name: t.name for t in tables if isinstance(t.this, exp.Identifier)}


def _columns_of(select: exp.Select, alias: str) -> list[exp.Column]:
    parts = [*select.expressions, select.args.get("having"), select.args.get("order")]
    found = [c for p in parts if p is not None for c in p.find_all(exp.Column)]
    return [c for c in found if c.table == alias and c.find_ancestor(exp.Select) is select]


# --- FETCH FIRST n ROWS WITH TIES -------------------------------------------------------------


def _rewrite_fetch_with_ties(tree: exp.Expr) -> exp.Expr:
    """DuckDB has no WITH TIES: keep rows whose rank by the ORDER BY is within the count."""
    for select in list(tree.find_all(exp.Select)):
        fetch = select.args.get("limit")
        options = fetch.args.get("limit_options") if isinstance(fetch, exp.Fetch) else None
        if isinstance(fetch, exp.Fetch) and options and options.args.get("with_ties"):
            replacement = _ties_as_rank_filter(select, fetch)
            if select is tree:
                return replacement
            select.replace(replacement)
    return tree


def _ties_as_rank_filter(select: exp.Select, fetch: exp.Fetch) -> exp.Select:
    order = select.args.get("order")
    if order is None or select.args.get("distinct") or select.args.get("offset"):
        raise UnsupportedError(
            "FETCH ... WITH TIES is supported with an ORDER BY and without DISTINCT or OFFSET."
        )
    inner = select.copy()
    inner.set("limit", None)
    inner.set("order", None)
    rank = exp.Window(this=exp.Rank(), order=_order_without_aliases(order, inner))
    inner.select(exp.alias_(rank, TIE_RANK), copy=False)
    outer = exp.select(exp.Star(except_=[exp.to_identifier(TIE_RANK)]))
    outer = outer.from_(inner.subquery("__ties")).where(
        f"{TIE_RANK} <= {fetch.args['count'].sql()}"
    )
    return outer.order_by(TIE_RANK)


def _order_without_aliases(order: exp.Order, select: exp.Select) -> exp.Order:
    """Window ORDER BY cannot see output aliases, so substitute the aliased expressions."""
    aliases = {p.alias: p.this for p in select.expressions if isinstance(p, exp.Alias)}
    order = order.copy()
    for column in list(order.find_all(exp.Column)):
        if not column.table and column.name in aliases:
            column.replace(aliases[column.name].copy())
    return order


# --- output names -----------------------------------------------------------------------------


def postgres_output_names(tree: exp.Expr) -> list[str]:
    """The column names PostgreSQL gives the result (`count`, `?column?`...)."""
    while isinstance(tree, (exp.SetOperation, exp.Subquery)):
        tree = tree.this
    if not isinstance(tree, exp.Select):
        return []
    if any(isinstance(p, exp.Star) or p.find(exp.Star) is p for p in tree.expressions):
        return []  # star expansion: names come from the tables, as DuckDB reports them
    return [_postgres_name(p) for p in tree.expressions]


def _postgres_name(projection: exp.Expr) -> str:
    if isinstance(projection, exp.Alias):
        return projection.alias
    node = projection.this if isinstance(projection, (exp.Cast, exp.Window)) else projection
    if isinstance(node, exp.Column):
        return node.name
    if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
        names = postgres_output_names(node.this)
        return names[0] if names else "?column?"
    if isinstance(node, exp.Case):
        return "case"
    if isinstance(node, exp.Func):
        return function_name(node)
    return "?column?"


FIXES: tuple[tuple[tuple[type[exp.Expr], ...], Callable[[exp.Expr], None]], ...] = (
    ((exp.Div,), _fix_integer_division),
    ((exp.Div, exp.IntDiv, exp.Mod), _guard_division_by_zero),
    ((exp.DataType,), _widen_plain_numeric),
    ((exp.Anonymous,), rewrite_to_char),
    ((exp.Extract,), _fractional_seconds),
    ((exp.Round,), _round_half_even_on_floats),
    ((exp.Like, exp.ILike), _backslash_escapes_in_like),
    ((exp.WithinGroup,), _interpolate_in_double),
    *REWRITES,
    ((exp.Sum, exp.Avg), interval_aggregates),
)
