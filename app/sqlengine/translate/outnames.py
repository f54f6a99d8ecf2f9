"""The names PostgreSQL gives result columns, and the references to them it allows.

PostgreSQL names an unaliased call after the function as written (`count`, `ceiling`, `rank`),
a cast after its operand or its type (`int4`), a CASE `case` and anything else `?column?`; an
unquoted alias folds to lower case. ORDER BY and GROUP BY may refer to those names, and so may
the outer query when the SELECT is a derived table or a CTE. DuckDB names columns differently
(`count_star()`), so translation writes PostgreSQL's names as explicit aliases.
"""

from __future__ import annotations

import re

from sqlglot import exp

from app.sqlengine.errors import QueryRuntimeError
from app.sqlengine.translate.allowlist import function_name

UNNAMED = "?column?"
WORD = re.compile(r'[A-Za-z_][A-Za-z0-9_$]*|"[^"]+"')
TRIM_NAMES = {"LEADING": "ltrim", "TRAILING": "rtrim"}
POSTGRES_TYPE_NAMES = {
    "int": "int4",
    "integer": "int4",
    "bigint": "int8",
    "smallint": "int2",
    "double precision": "float8",
    "real": "float4",
    "boolean": "bool",
    "decimal": "numeric",
    "character varying": "varchar",
    "varchar": "varchar",
}


def postgres_output_names(tree: exp.Expr, sql: str = "") -> list[str]:
    """The column names PostgreSQL gives the result; [] when a star leaves them to the tables.

    `sql`, the text the tree was parsed from, gives functions the name they were called by.
    """
    while isinstance(tree, (exp.SetOperation, exp.Subquery)):
        tree = tree.this
    if not isinstance(tree, exp.Select):
        return []
    if any(_is_star(p) for p in tree.expressions):
        return []  # star expansion: names come from the tables, as DuckDB reports them
    return [postgres_name(p, sql) for p in tree.expressions]


def name_columns_as_postgres(tree: exp.Expr, sql: str) -> None:
    """Alias every unnamed projection of every SELECT with PostgreSQL's name for it, so that
    ORDER BY rank, GROUP BY upper and s.count in an outer query find it as they do there."""
    for select in tree.find_all(exp.Select):
        _refuse_ambiguous_order_keys(select, sql)
        for projection in list(select.expressions):
            if not isinstance(projection, (exp.Alias, exp.Column)) and not _is_star(projection):
                name = exp.to_identifier(postgres_name(projection, sql), quoted=True)
                projection.replace(exp.Alias(this=projection.copy(), alias=name))


def _refuse_ambiguous_order_keys(select: exp.Select, sql: str) -> None:
    """ORDER BY count with two different columns named count is an error in PostgreSQL."""
    order = select.args.get("order")
    keys = {
        o.this.name
        for o in (order.expressions if order else [])
        if isinstance(o.this, exp.Column) and not o.this.table
    }
    if not keys:  # the common case: no bare name to resolve, nothing to render
        return
    named: dict[str, set[str]] = {}
    for projection in select.expressions:
        if (name := postgres_name(projection, sql)) in keys:
            unaliased = projection.this if isinstance(projection, exp.Alias) else projection
            named.setdefault(name, set()).add(unaliased.sql())
    for key in sorted(keys):
        if len(named.get(key, ())) > 1:
            raise QueryRuntimeError(f'ORDER BY "{key}" is ambiguous.')


def postgres_name(projection: exp.Expr, sql: str = "") -> str:
    """PostgreSQL's name for one select-list entry."""
    if isinstance(projection, exp.Alias):
        alias = projection.args["alias"]
        quoted = isinstance(alias, exp.Identifier) and alias.quoted
        return projection.alias if quoted else projection.alias.lower()
    if isinstance(projection, exp.Cast):
        inner = postgres_name(projection.this, sql)
        return _type_name(projection.to) if inner == UNNAMED else inner
    node = projection.unnest()
    while isinstance(node, (exp.Window, exp.Filter, exp.WithinGroup)):
        node = node.this
    return _expression_name(node, sql)


def _expression_name(node: exp.Expr, sql: str) -> str:
    if isinstance(node, exp.Column):
        quoted = isinstance(node.this, exp.Identifier) and node.this.quoted
        return node.name if quoted else node.name.lower()
    if isinstance(node, exp.Select):  # a scalar subquery (unnest() took it to its query)
        names = postgres_output_names(node, sql)
        return names[0] if names else UNNAMED
    if isinstance(node, exp.Overlaps):
        return "overlaps"
    if isinstance(node, exp.Case):
        return "case"
    if isinstance(node, exp.Interval):
        return "interval"
    if called := _name_as_called(node, sql):
        return called
    if isinstance(node, exp.Trim):
        return TRIM_NAMES.get(str(node.args.get("position") or "").upper(), "btrim")
    if isinstance(node, exp.Array):
        return "array"
    return function_name(node) if isinstance(node, exp.Func) else UNNAMED


def _name_as_called(node: exp.Expr, sql: str) -> str | None:
    """The function name as the candidate wrote it (`ceiling`, `mod`), where the parser kept
    its position; a quoted name keeps its case."""
    start, end = node.meta.get("start"), node.meta.get("end")
    if not sql or start is None or end is None or not isinstance(node, (exp.Func, exp.Binary)):
        return None
    text = sql[start : end + 1]
    if not WORD.fullmatch(text):
        return None
    return text[1:-1] if text.startswith('"') else text.lower()


def _is_star(projection: exp.Expr) -> bool:
    """`*` or `t.*`."""
    if isinstance(projection, exp.Column):
        return isinstance(projection.this, exp.Star)
    return isinstance(projection, exp.Star)


def _type_name(data_type: exp.DataType) -> str:
    """PostgreSQL's internal type name, which it uses for an unnamed cast column."""
    name = data_type.sql(dialect="postgres").split("(")[0].lower()
    return POSTGRES_TYPE_NAMES.get(name, name)
