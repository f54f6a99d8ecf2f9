"""Where PostgreSQL lets a query use its select-list aliases, and where it does not.

An output name may stand alone as an ORDER BY or GROUP BY item; anywhere else (WHERE, HAVING,
the select list itself, inside an ORDER BY or GROUP BY expression) a name means an input
column, and a name that is only an alias is `column "n" does not exist`. DuckDB resolves such
aliases quietly, so `HAVING n > 700` would answer where PostgreSQL refuses. A name that is also
an input column (of the query or of one enclosing it) is that column in both engines, and is
left alone; so is everything when a source's columns cannot be known (a `*` in a subquery).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from app.sqlengine.errors import QueryRuntimeError, SourcePosition
from app.sqlengine.translate.outnames import postgres_output_names
from app.sqlengine.translate.pgtypes import DatasetSchema

INPUT_NAME_CLAUSES = ("where", "having")


def refuse_misplaced_aliases(tree: exp.Expr, schema: DatasetSchema, sql: str) -> None:
    """Raise PostgreSQL's error for an alias used where only input columns are visible."""
    for select in tree.find_all(exp.Select):
        aliases = {_folded(p.args["alias"]) for p in select.expressions if isinstance(p, exp.Alias)}
        suspects = [c for c in _input_name_references(select) if _folded(c.this) in aliases]
        if suspects and (inputs := _visible_input_names(select, schema)) is not None:
            for column in suspects:
                if _folded(column.this) not in inputs:
                    raise QueryRuntimeError(
                        f'column "{_folded(column.this)}" does not exist',
                        position=_position(column, sql),
                    )


def _input_name_references(select: exp.Select) -> Iterator[exp.Column]:
    """Unqualified columns of this SELECT (not of its subqueries) that name input columns."""
    parts: list[exp.Expr] = [*select.expressions]
    parts += [select.args[k] for k in INPUT_NAME_CLAUSES if select.args.get(k) is not None]
    parts += [item for item in _grouped_and_ordered(select) if not isinstance(item, exp.Column)]
    for part in parts:
        for column in part.find_all(exp.Column):
            owned = column.find_ancestor(exp.Select) is select
            if owned and not column.table and isinstance(column.this, exp.Identifier):
                yield column


def _grouped_and_ordered(select: exp.Select) -> list[exp.Expr]:
    group, order = select.args.get("group"), select.args.get("order")
    items = list(group.expressions) if group else []
    return items + [o.this for o in order.expressions] if order else items


def _visible_input_names(select: exp.Select, schema: DatasetSchema) -> set[str] | None:
    """Column names of this SELECT's sources and of the enclosing queries'; None if unknown."""
    names: set[str] = set()
    scope: exp.Select | None = select
    while scope is not None:
        for source in _sources(scope):
            columns = _source_columns(source, schema)
            if columns is None:
                return None
            names |= columns
        scope = scope.parent.find_ancestor(exp.Select) if scope.parent else None
    return names


def _sources(select: exp.Select) -> list[exp.Expr]:
    items = [select.args.get("from_"), *(select.args.get("joins") or [])]
    return [item.this for item in items if item is not None]


def _source_columns(source: exp.Expr, schema: DatasetSchema) -> set[str] | None:
    """The column names a FROM item offers (a superset will do); None when unknown."""
    listed = _listed_columns(source)
    if isinstance(source, exp.Lateral) and isinstance(source.this, exp.Subquery):
        source, listed = source.this, listed | _listed_columns(source.this)
    if isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier):
        columns = _table_columns(source, schema)
        return None if columns is None else columns | listed
    if isinstance(source, exp.Subquery):
        names = postgres_output_names(source.this)
        return listed | set(names) if names else None
    if listed or isinstance(source, (exp.Table, exp.Lateral, exp.Unnest)):
        # a set-returning function: its columns as listed, else named after the alias
        return listed | {source.alias_or_name, "generate_series", "unnest", "ordinality"}
    return None


def _listed_columns(source: exp.Expr) -> set[str]:
    """The column names an alias lists: `AS g(n)`."""
    alias = source.args.get("alias")
    return {_folded(c) for c in alias.columns} if isinstance(alias, exp.TableAlias) else set()


def _table_columns(table: exp.Table, schema: DatasetSchema) -> set[str] | None:
    """A CTE's output names, or a dataset table's columns."""
    cte = _visible_cte(table)
    if cte is not None:
        alias = cte.args.get("alias")
        listed = [_folded(c) for c in alias.columns] if alias is not None else []
        return set(listed or postgres_output_names(cte.this)) or None
    columns = schema.columns.get(table.name)
    return set(columns) if columns is not None else None


def _visible_cte(table: exp.Table) -> exp.CTE | None:
    scope: exp.Expr | None = table
    while scope is not None:
        with_ = scope.args.get("with_") if isinstance(scope, exp.Query) else None
        for cte in with_.expressions if with_ else []:
            if cte.alias_or_name == table.name and not table.db:
                found: exp.CTE = cte
                return found
        scope = scope.parent
    return None


def _folded(identifier: exp.Expr) -> str:
    """A name as PostgreSQL reads it: folded to lower case unless quoted."""
    name = identifier.name
    return name if isinstance(identifier, exp.Identifier) and identifier.quoted else name.lower()


def _position(column: exp.Column, sql: str) -> SourcePosition | None:
    start = column.this.meta.get("start")
    return SourcePosition.at_offset(sql, start) if start is not None and sql else None
