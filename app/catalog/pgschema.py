"""PostgreSQL table definitions, checked and cleaned so that DuckDB stores the same values.

Only what changes stored values or query results is kept: column types, NOT NULL, primary
keys, unique and foreign keys, comments. Defaults, identity/serial generators and CHECK
constraints only guard future writes, and a built dataset is never written to, so they are
dropped. A type whose values or comparisons would differ in DuckDB is refused with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from app.catalog.errors import DatasetSourceError
from app.catalog.identifiers import quoted

DType = exp.DType

_SAME_IN_DUCKDB = {
    DType.SMALLINT,
    DType.INT,
    DType.BIGINT,
    DType.FLOAT,
    DType.TEXT,
    DType.VARCHAR,
    DType.BOOLEAN,
    DType.DATE,
}
_SERIAL_TO_INTEGER = {
    DType.SMALLSERIAL: DType.SMALLINT,
    DType.SERIAL: DType.INT,
    DType.BIGSERIAL: DType.BIGINT,
}
_REFUSED_BECAUSE = {
    DType.TIMESTAMPTZ: "its values depend on the session time zone; use timestamp",
    DType.CHAR: "PostgreSQL pads it and ignores trailing spaces, DuckDB does not; use varchar(n)",
    DType.BPCHAR: "PostgreSQL pads it and ignores trailing spaces, DuckDB does not; use varchar",
}
_SUPPORTED_TYPES = (
    "smallint, integer, bigint, numeric(p,s), real, double precision, text, varchar(n), "
    "boolean, date, time, timestamp"
)
_MAX_DECIMAL_PRECISION = 38
_KEPT_COLUMN_CONSTRAINTS = (
    exp.NotNullColumnConstraint,
    exp.PrimaryKeyColumnConstraint,
    exp.UniqueColumnConstraint,
    exp.Reference,
)
_DROPPED_COLUMN_CONSTRAINTS = (
    exp.DefaultColumnConstraint,
    exp.GeneratedAsIdentityColumnConstraint,
    exp.CheckColumnConstraint,
)


@dataclass
class TableDef:
    """One CREATE TABLE, with the constraints a dump adds later folded in."""

    name: str
    create: exp.Create
    line: int
    schema: str = "public"  # the PostgreSQL schema; DuckDB keeps every table in main

    def add_constraint(self, constraint: exp.Expression, line: int) -> None:
        """Fold a table constraint (as ALTER TABLE ... ADD CONSTRAINT gives it) into the table."""
        cleaned = _clean_table_constraint(constraint, line)
        if cleaned is not None:
            self.create.this.append("expressions", cleaned)

    def referenced_tables(self) -> set[str]:
        """Other tables this one has foreign keys to."""
        names = {_referenced_table(ref) for ref in self.create.find_all(exp.Reference)}
        return names - {self.name}

    def duckdb_sql(self) -> str:
        """The CREATE TABLE statement for DuckDB."""
        unsettled = self.unbounded_numeric_columns()
        if unsettled:  # DuckDB would silently round a plain DECIMAL to 3 decimal places
            raise DatasetSourceError(
                f"column {self.name}.{unsettled[0]}: numeric needs a precision and scale here, "
                "e.g. numeric(12,2)",
                line=self.line,
            )
        return self.create.sql(dialect="duckdb", identify=True)

    def unbounded_numeric_columns(self) -> list[str]:
        """Columns declared `numeric` without precision: their values decide their type."""
        return [c.name for c in self._columns() if _is_unbounded_numeric(c.args["kind"])]

    def set_column_type(self, name: str, kind: exp.DataType) -> None:
        next(c for c in self._columns() if c.name == name).set("kind", kind)

    def staging_sql(self, staging: str) -> str:
        """A temporary table with the same columns, unbounded numerics as text, no constraints."""
        columns = [
            f"{quoted(c.name)} "
            + ("VARCHAR" if _is_unbounded_numeric(kind := c.args["kind"]) else kind.sql("duckdb"))
            for c in self._columns()
        ]
        return f"CREATE TEMP TABLE {quoted(staging)} ({', '.join(columns)})"

    def _columns(self) -> list[exp.ColumnDef]:
        return [c for c in self.create.this.expressions if isinstance(c, exp.ColumnDef)]


def _is_unbounded_numeric(kind: exp.DataType) -> bool:
    return kind.this == DType.DECIMAL and not kind.expressions


def table_def(create: exp.Create, line: int) -> TableDef:
    """Check and clean a parsed, schema-stripped PostgreSQL CREATE TABLE."""
    if create.kind != "TABLE" or not isinstance(create.this, exp.Schema):
        raise DatasetSourceError("only CREATE TABLE (name (columns ...)) is supported", line=line)
    if create.args.get("properties") or create.expression:
        raise DatasetSourceError(
            "table options (PARTITION BY, INHERITS, UNLOGGED, AS SELECT ...) are not supported",
            line=line,
        )
    name = create.this.this.name
    cleaned = [_clean_item(item, name, line) for item in create.this.expressions]
    create.this.set("expressions", [item for item in cleaned if item is not None])
    return TableDef(name=name, create=create, line=line)


def creation_order(tables: list[TableDef]) -> list[TableDef]:
    """Tables ordered so that every referenced table comes first (stable otherwise)."""
    _check_references(tables)
    ordered: list[TableDef] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = [t for t in tables if t.name not in placed and t.referenced_tables() <= placed]
        if not ready:
            cycle = sorted({table.name for table in tables} - placed)
            raise DatasetSourceError(f"foreign keys form a cycle between: {', '.join(cycle)}")
        ordered.append(ready[0])
        placed.add(ready[0].name)
    return ordered


def _check_references(tables: list[TableDef]) -> None:
    known = {table.name for table in tables}
    for table in tables:
        for missing in sorted(table.referenced_tables() - known):
            message = f"table {table.name} references unknown table {missing}"
            raise DatasetSourceError(message, line=table.line)


def _clean_item(item: exp.Expression, table: str, line: int) -> exp.Expression | None:
    """A column definition or table constraint, cleaned; None when it is dropped."""
    if isinstance(item, exp.ColumnDef):
        return _clean_column(item, table, line)
    return _clean_table_constraint(item, line)


def _clean_column(column: exp.ColumnDef, table: str, line: int) -> exp.ColumnDef:
    where = f"column {table}.{column.name}"
    column.set("kind", _duckdb_type(column.args.get("kind"), where, line))
    kept = [c for c in column.constraints if not isinstance(c.kind, _DROPPED_COLUMN_CONSTRAINTS)]
    for constraint in kept:
        if not isinstance(constraint.kind, _KEPT_COLUMN_CONSTRAINTS):
            raise DatasetSourceError(
                f"{where}: constraint {constraint.sql('postgres')!r} is not supported", line=line
            )
        if isinstance(constraint.kind, exp.Reference):
            constraint.kind.set("options", None)  # ON DELETE/UPDATE never fire on read-only data
    column.set("constraints", kept)
    return column


def _duckdb_type(kind: exp.DataType | None, where: str, line: int) -> exp.DataType:
    if kind is None:
        raise DatasetSourceError(f"{where} has no type", line=line)
    fix = _TYPE_FIXES.get(kind.this)
    if fix is None:
        reason = _REFUSED_BECAUSE.get(kind.this, f"supported types: {_SUPPORTED_TYPES}")
        raise DatasetSourceError(
            f"{where}: type {kind.sql('postgres')} is not supported here ({reason})", line=line
        )
    return fix(kind, where, line)


def _keep(kind: exp.DataType, where: str, line: int) -> exp.DataType:
    return kind


def _serial_as_integer(kind: exp.DataType, where: str, line: int) -> exp.DataType:
    return exp.DataType(this=_SERIAL_TO_INTEGER[kind.this])


def _without_precision(kind: exp.DataType, where: str, line: int) -> exp.DataType:
    # timestamp(0) and time(3) only round on input; the values arrive already rounded.
    return exp.DataType(this=kind.this)


def _double_without_precision(kind: exp.DataType, where: str, line: int) -> exp.DataType:
    if kind.expressions:
        message = f"{where}: write real or double precision, not float(n)"
        raise DatasetSourceError(message, line=line)
    return kind


def _decimal_with_precision(kind: exp.DataType, where: str, line: int) -> exp.DataType:
    if not kind.expressions:
        return kind  # unbounded: its type is settled from its values (numeric.py)
    precision = int(kind.expressions[0].name)
    if precision > _MAX_DECIMAL_PRECISION:
        raise DatasetSourceError(f"{where}: numeric precision above 38 is not supported", line=line)
    return kind


_TypeFix = Callable[[exp.DataType, str, int], exp.DataType]
_TYPE_FIXES: dict[exp.DType, _TypeFix] = {
    **dict.fromkeys(_SAME_IN_DUCKDB, _keep),
    **dict.fromkeys(_SERIAL_TO_INTEGER, _serial_as_integer),
    DType.TIMESTAMP: _without_precision,
    DType.TIME: _without_precision,
    DType.DOUBLE: _double_without_precision,
    DType.DECIMAL: _decimal_with_precision,
}


def _clean_table_constraint(node: exp.Expression, line: int) -> exp.Expression | None:
    kinds = node.expressions if isinstance(node, exp.Constraint) else [node]
    if any(isinstance(kind, exp.CheckColumnConstraint) for kind in kinds):
        return None
    for kind in kinds:
        if not isinstance(kind, exp.PrimaryKey | exp.UniqueColumnConstraint | exp.ForeignKey):
            raise DatasetSourceError(
                f"table constraint {node.sql('postgres')!r} is not supported", line=line
            )
        if isinstance(kind, exp.ForeignKey):
            _drop_referential_actions(kind)
    return node


def _drop_referential_actions(foreign_key: exp.ForeignKey) -> None:
    for action in ("delete", "update", "options"):
        foreign_key.set(action, None)
    reference = foreign_key.args.get("reference")
    if isinstance(reference, exp.Reference):
        reference.set("options", None)


def _referenced_table(reference: exp.Reference) -> str:
    target = reference.this
    return str(target.this.name if isinstance(target, exp.Schema) else target.name)
