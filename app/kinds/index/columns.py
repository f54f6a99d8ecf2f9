"""The columns of the table an index question is about, as the candidate needs them: name,
PostgreSQL type, NULLs allowed, primary key, the table a foreign key references. Read from the
dataset's schema.sql, or for a table the capture's setup derives (CREATE TABLE ... AS SELECT)
from that statement."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

from app.kinds.index.captures import CaptureError, load_capture
from app.kinds.index.models import IndexQuestion
from app.kinds.index.normalise import DIALECT
from app.kinds.index.rewrites import TextColumns, is_string_type
from app.plans.capture import PlanCapture

Column = dict[str, Any]


def question_text_columns(
    question: IndexQuestion, captures_dir: Path, datasets_dir: Path
) -> TextColumns:
    """The text and varchar columns of the question's table, for reading away the casts
    PostgreSQL adds itself; none when the before capture cannot be read (the content check
    reports that)."""
    try:
        before = load_capture(captures_dir, question.before)
    except CaptureError:
        return frozenset()
    return text_columns(capture_columns(before.capture, question.accept.table, datasets_dir))


def capture_columns(capture: PlanCapture, table: str, datasets_dir: Path) -> list[Column]:
    """The columns of `table` in the capture's dataset or built by its setup."""
    schema = datasets_dir / (capture.dataset or "") / "schema.sql"
    return table_columns(schema, table, capture.setup) if schema.is_file() else []


def text_columns(columns: Iterable[Column]) -> TextColumns:
    return frozenset(column["name"] for column in columns if is_string_type(column["type"]))


def table_columns(schema_sql: Path, table: str, setup: list[str]) -> list[Column]:
    """The columns of `table`; empty when neither the schema nor the setup defines it."""
    tables = _schema_tables(schema_sql, schema_sql.stat().st_mtime_ns)
    if table in tables:
        return tables[table]
    for statement in setup:
        derived = _derived(statement, table, tables)
        if derived:
            return derived
    return []


@lru_cache(maxsize=16)
def _schema_tables(path: Path, modified: int) -> dict[str, list[Column]]:
    tables = {}
    for statement in sqlglot.parse(path.read_text(encoding="utf-8"), read=DIALECT):
        if isinstance(statement, exp.Create) and isinstance(statement.this, exp.Schema):
            definitions = statement.this.expressions
            keys = _table_primary_key(definitions)
            columns = [c for c in definitions if isinstance(c, exp.ColumnDef)]
            tables[statement.this.this.name] = [_column(c, keys) for c in columns]
    return tables


def _table_primary_key(definitions: list[exp.Expr]) -> set[str]:
    return {
        column.name
        for item in definitions
        if isinstance(item, exp.PrimaryKey)
        for column in item.expressions
    }


def _column(definition: exp.ColumnDef, table_key: set[str]) -> Column:
    kinds = [constraint.args.get("kind") for constraint in definition.constraints]
    primary = definition.name in table_key or any(
        isinstance(k, exp.PrimaryKeyColumnConstraint) for k in kinds
    )
    reference = next((k for k in kinds if isinstance(k, exp.Reference)), None)
    kind = definition.args.get("kind")
    return {
        "name": definition.name,
        "type": kind.sql(dialect=DIALECT).lower() if kind is not None else "",
        "nullable": not primary
        and not any(isinstance(k, exp.NotNullColumnConstraint) for k in kinds),
        "primary_key": primary,
        "references": reference.this.this.name if reference is not None else None,
    }


def _derived(statement: str, table: str, tables: dict[str, list[Column]]) -> list[Column]:
    """The columns a CREATE TABLE `table` AS SELECT ... FROM source gives: each keeps its
    source column's type unless cast; none keeps a constraint (CREATE TABLE AS copies none)."""
    create = sqlglot.parse_one(statement, read=DIALECT)
    select = create.expression if isinstance(create, exp.Create) else None
    if not isinstance(select, exp.Select) or create.this.name != table:
        return []
    source = select.args["from_"].this.name if select.args.get("from_") else ""
    types = {column["name"]: column["type"] for column in tables.get(source, [])}
    return [_projected(item, types) for item in select.expressions]


def _projected(item: exp.Expr, types: dict[str, str]) -> Column:
    value = item.this if isinstance(item, exp.Alias) else item
    kind = value.to.sql(dialect=DIALECT).lower() if isinstance(value, exp.Cast) else None
    return {
        "name": item.alias_or_name,
        "type": kind or types.get(value.name, ""),
        "nullable": True,
        "primary_key": False,
        "references": None,
    }
