"""Translate validated PostgreSQL to DuckDB SQL that returns PostgreSQL's answer.

sqlglot does most of the work; this module fixes what translation alone gets wrong and rejects
what cannot be made faithful. Each fix is one small function over the parse tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import Dialect, exp

from app.sqlengine.errors import UnsupportedError
from app.sqlengine.translate.aliasrefs import refuse_misplaced_aliases
from app.sqlengine.translate.arithmetic import (
    fix_integer_division,
    guard_division_by_zero,
    interpolate_in_double,
    round_half_even_on_floats,
    widen_plain_numeric,
)
from app.sqlengine.translate.exact import (
    exact_extract,
    exact_numeric_averages,
    exact_numeric_division,
)
from app.sqlengine.translate.intervals import interval_aggregates
from app.sqlengine.translate.numseries import numeric_series
from app.sqlengine.translate.outnames import name_columns_as_postgres, postgres_output_names
from app.sqlengine.translate.pgfunctions import REWRITES
from app.sqlengine.translate.pgtypes import DatasetSchema, needs_types, typed_tree
from app.sqlengine.translate.series import integer_series
from app.sqlengine.translate.similar import similar_to_as_regex
from app.sqlengine.translate.tochar import rewrite_to_char
from app.sqlengine.translate.typenames import function_style_casts
from app.sqlengine.translate.validate import ValidatedQuery

TIE_RANK = "__tie_rank"
DUCKDB = Dialect.get_or_raise("duckdb")


@dataclass(frozen=True)
class Translation:
    """DuckDB SQL to run, the column names PostgreSQL would show, and whether the result
    depends only on the data (set by the engine, which checks before translating)."""

    sql: str
    column_names: list[str]
    deterministic: bool = False


def translate(query: ValidatedQuery, schema: DatasetSchema, sql: str = "") -> Translation:
    """DuckDB SQL for a validated query (PostgreSQL semantics when written in PostgreSQL).

    `sql` is the text the query was parsed from: functions are named as it calls them. The
    query's tree is rewritten in place: a ValidatedQuery is translated once.
    """
    if query.dialect == "duckdb":
        return Translation(DUCKDB.generate(query.tree, copy=False), [])
    names = postgres_output_names(query.tree, sql)
    tree = query.tree
    for division in tree.find_all(exp.Div):
        division.meta["written"] = division.sql(dialect="postgres")  # before fixes rewrite it
    name_columns_as_postgres(tree, sql)
    refuse_misplaced_aliases(tree, schema, sql)  # before typing, which would resolve them
    function_style_casts(tree)  # named as called (date), then typed as the cast it is
    if needs_types(tree, schema):
        tree = typed_tree(tree, schema)
    present = {type(node) for node in tree.walk()}
    for node_types, fix in FIXES:
        if present.intersection(node_types):
            fix(tree)
    _add_functionally_dependent_columns(tree, schema)
    tree = _rewrite_fetch_with_ties(tree)
    return Translation(DUCKDB.generate(tree, copy=False), names)


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


FIXES: tuple[tuple[tuple[type[exp.Expr], ...], Callable[[exp.Expr], None]], ...] = (
    ((exp.ExplodingGenerateSeries,), numeric_series),  # first: typed for the fixes after
    ((exp.ExplodingGenerateSeries,), integer_series),
    ((exp.Extract,), exact_extract),
    ((exp.Div,), exact_numeric_division),
    ((exp.Avg,), exact_numeric_averages),
    ((exp.Div,), fix_integer_division),
    ((exp.Div, exp.IntDiv, exp.Mod), guard_division_by_zero),
    ((exp.DataType,), widen_plain_numeric),
    ((exp.Anonymous,), rewrite_to_char),
    ((exp.Round,), round_half_even_on_floats),
    ((exp.WithinGroup,), interpolate_in_double),
    *REWRITES,
    ((exp.Sum, exp.Avg), interval_aggregates),
    ((exp.SimilarTo,), similar_to_as_regex),
)
