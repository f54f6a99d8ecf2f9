"""CREATE VIEW statements of a PostgreSQL script, checked and kept for views.py to create."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from app.catalog.errors import DatasetSourceError


@dataclass(frozen=True)
class ViewDef:
    """One CREATE VIEW: its name, its PostgreSQL query (names unqualified) and column names."""

    name: str
    line: int
    query: str
    columns: tuple[str, ...]  # as in CREATE VIEW v (a, b); empty when the query names them


def view_def(create: exp.Create, line: int) -> ViewDef:
    """Check a parsed, schema-stripped PostgreSQL CREATE VIEW."""
    target = create.this
    columns = tuple(c.name for c in target.expressions) if isinstance(target, exp.Schema) else ()
    table = target.this if isinstance(target, exp.Schema) else target
    properties = create.args.get("properties")
    if properties and properties.find(exp.MaterializedProperty, exp.TemporaryProperty):
        raise DatasetSourceError("only plain views are supported (not materialized or temporary)")
    if not isinstance(create.expression, exp.Query):
        raise DatasetSourceError("a view must be defined by a query")
    return ViewDef(table.name, line, create.expression.sql("postgres"), columns)
