"""What PostgreSQL would type an expression as, where the fixes need to know.

Typing (sqlglot's qualify and annotate_types) is the slowest step of translation, so it runs
only when the query holds something whose translation depends on a type.
"""

from __future__ import annotations

import contextlib
import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

from app.sqlengine.translate.parsing import RAW_TO_CHAR
from app.sqlengine.translate.series import needs_typing as series_needs_typing
from app.sqlengine.translate.series import series_source, series_value_column

INTEGER_TYPES = exp.DataType.INTEGER_TYPES
FLOAT_TYPES = {exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT}
TEXT_TYPES = {exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR}
DATETIME_TYPES = {
    exp.DataType.Type.DATE,
    exp.DataType.Type.TIMESTAMP,
    exp.DataType.Type.TIMESTAMPNTZ,
    exp.DataType.Type.DATETIME,
}


@dataclass(frozen=True)
class DatasetSchema:
    """What translation needs to know about a dataset: column types and primary keys."""

    columns: Mapping[str, Mapping[str, str]]
    primary_keys: Mapping[str, Sequence[str]]

    @functools.cached_property
    def sqlglot_schema(self) -> MappingSchema:
        """Built once per dataset: building it cost a quarter of typing a query."""
        return MappingSchema({t: dict(c) for t, c in self.columns.items()}, dialect="duckdb")

    def temporal_columns(self) -> set[str]:
        """Names of date, time, timestamp and interval columns, in any table."""
        kinds = ("INTERVAL", "DATE", "TIME")
        return {c for cols in self.columns.values() for c, k in cols.items() if k.startswith(kinds)}


def needs_types(tree: exp.Expr, schema: DatasetSchema) -> bool:
    """Typing the tree is the slow part of translation: do it only when a fix asks for types."""
    nodes: dict[type[exp.Expr], list[exp.Expr]] = defaultdict(list)
    for node in tree.walk():
        nodes[type(node)].append(node)
    return (
        bool(nodes[exp.Div] or nodes[exp.Round] or nodes[exp.Avg])  # avg: exact on decimals
        or any(call.name.lower() == RAW_TO_CHAR for call in nodes[exp.Anonymous])
        or bool(
            nodes[exp.DPipe]
            and (nodes[exp.Array] or nodes[exp.ArrayAgg] or nodes[exp.StringToArray])
        )
        or any(
            _is_string_literal(sub.expression) or _is_string_literal(sub.this)
            for sub in nodes[exp.Sub]
        )
        or any(_casts_to_text(cast) for cast in nodes[exp.Cast])
        or any(series_needs_typing(call) for call in nodes[exp.ExplodingGenerateSeries])
        or _may_aggregate_intervals(nodes, schema)
        or _groups_by_a_key(nodes, schema)
    )


def _may_aggregate_intervals(
    nodes: Mapping[type[exp.Expr], list[exp.Expr]], schema: DatasetSchema
) -> bool:
    """Intervals come from literals, interval columns, or subtracting dates and timestamps."""
    if not (nodes[exp.Sum] or nodes[exp.Avg]):
        return False
    temporal = schema.temporal_columns()
    return bool(nodes[exp.Interval]) or any(
        column.name in temporal for sub in nodes[exp.Sub] for column in sub.find_all(exp.Column)
    )


def _casts_to_text(cast: exp.Expr) -> bool:
    return isinstance(cast, exp.Cast) and cast.to.this in TEXT_TYPES


def _is_string_literal(node: exp.Expr) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _groups_by_a_key(nodes: Mapping[type[exp.Expr], list[exp.Expr]], schema: DatasetSchema) -> bool:
    """A GROUP BY a primary key needs the columns qualified (to see which depend on the key):
    typing qualifies them, unless they all name their table already (typing this benchmark's
    query for it alone cost a third of its translation)."""
    read = {table.name for table in nodes[exp.Table]}
    key_columns = {c for t in read for c in schema.primary_keys.get(t, ())}
    return any(
        any(column.name in key_columns for column in group.find_all(exp.Column))
        and _has_unqualified_column(group.parent)
        for group in nodes[exp.Group]
    )


def _has_unqualified_column(select: exp.Expr | None) -> bool:
    """Whether a column of this SELECT itself (not of a subquery) leaves its table unsaid."""
    if select is None:
        return True
    columns = select.find_all(exp.Column)
    return any(not c.table and c.find_ancestor(exp.Select) is select for c in columns)


def typed_tree(tree: exp.Expr, schema: DatasetSchema) -> exp.Expr:
    """Qualify columns and annotate types, so fixes can ask what type an expression has."""
    sqlglot_schema = schema.sqlglot_schema
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


def postgres_kind(node: exp.Expr) -> str:
    """'integer', 'fraction' or 'unknown' as PostgreSQL would type `node`."""
    node = node.unnest()
    if isinstance(node, exp.Window):
        node = node.this
    if isinstance(node, (exp.Avg, exp.Extract)):
        return "fraction"  # numeric in PostgreSQL (EXTRACT since version 14)
    if isinstance(node, exp.Sum) and not _is_small_integer(node.this):
        return "fraction"  # sum(bigint) is numeric in PostgreSQL
    if isinstance(node, exp.ExplodingGenerateSeries):
        return postgres_kind(node.args["start"])  # a series of its arguments' type
    defined = definition(node)
    if defined is not None and (kind := postgres_kind(defined)) != "unknown":
        return kind
    if node.type is None or node.type.this == exp.DataType.Type.UNKNOWN:
        return "unknown"
    return "integer" if node.type.this in INTEGER_TYPES else "fraction"


def _is_small_integer(node: exp.Expr) -> bool:
    small = {exp.DataType.Type.INT, exp.DataType.Type.SMALLINT, exp.DataType.Type.TINYINT}
    return node.type is not None and node.type.this in small


def definition(node: exp.Expr) -> exp.Expr | None:
    """What a scalar subquery, or a column of a CTE or derived table, stands for: the select
    expression PostgreSQL takes its type from (the first branch of a UNION)."""
    if isinstance(node, (exp.Subquery, exp.Query)):  # unnest() takes a subquery to its query
        select = _first_select(node)
        projections = select.expressions if select else []
        return projections[0].unalias() if len(projections) == 1 else None
    if isinstance(node, exp.Column) and node.table:
        query = _source_query(node)
        if isinstance(query, (exp.Table, exp.Lateral)):
            return _series_value(query, node.name)
        if isinstance(query, exp.Values):
            return _values_column(query, node.name)
        source = _first_select(query)
        for projection in source.expressions if source else []:
            if projection.alias_or_name == node.name:
                found: exp.Expr = projection.unalias()
                return found
    return None


def _source_query(column: exp.Column) -> exp.Expr | None:
    """The query behind the derived table or CTE `column` reads, if it reads one (or the FROM
    item of the generate_series call it reads)."""
    select = column.find_ancestor(exp.Select)
    sources = [select.args.get("from_"), *(select.args.get("joins") or [])] if select else []
    for source in (s.this for s in sources if s is not None):
        if source.alias_or_name != column.table:
            continue
        if isinstance(source, exp.Values):
            return source
        if isinstance(source, exp.Subquery):
            query: exp.Expr = source.this
            return query
        if isinstance(source, (exp.Table, exp.Lateral)) and series_source(source) is not None:
            return source
        return _cte_query(source) if isinstance(source, exp.Table) else None
    return None


def _series_value(source: exp.Table | exp.Lateral, name: str) -> exp.Expr | None:
    """generate_series yields values of its arguments' type; WITH ORDINALITY adds a bigint."""
    call = series_source(source)
    if call is None:
        return None
    if name == series_value_column(source):
        start: exp.Expr = call.args["start"]
        return start
    if source.args.get("ordinality"):
        ordinal = exp.Literal.number(1)
        ordinal.type = exp.DataType.build("BIGINT")
        return ordinal
    return None


def _values_column(values: exp.Values, name: str) -> exp.Expr | None:
    """A VALUES list's column is typed by its first row."""
    alias = values.args.get("alias")
    names = [column.name for column in alias.columns] if alias else []
    rows = values.expressions
    if name not in names or not rows or not isinstance(rows[0], exp.Tuple):
        return None
    cell: exp.Expr = rows[0].expressions[names.index(name)]
    return cell


def _cte_query(table: exp.Table) -> exp.Expr | None:
    """The CTE named like `table` in an enclosing WITH, innermost first."""
    scope: exp.Expr | None = table
    while scope is not None:
        with_ = scope.args.get("with_") if isinstance(scope, exp.Query) else None
        for cte in with_.expressions if with_ else []:
            if cte.alias_or_name == table.name and not table.db:
                body: exp.Expr = cte.this
                return body
        scope = scope.parent
    return None


def _first_select(query: exp.Expr | None) -> exp.Select | None:
    while isinstance(query, (exp.SetOperation, exp.Subquery)):
        query = query.this
    return query if isinstance(query, exp.Select) else None
