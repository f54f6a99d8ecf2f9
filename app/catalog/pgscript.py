"""Read a PostgreSQL script (a schema file or a plain `pg_dump --inserts` dump).

Statements are translated to DuckDB with sqlglot and sorted into tables, comments and rows.
Statements with no meaning for a read-only copy of the data (session settings, ownership,
privileges, sequences, defaults, indexes, psql's \\restrict) are skipped; anything else that
cannot be translated is an error naming its line, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

from app.catalog.errors import DatasetSourceError
from app.catalog.pgschema import TableDef, table_def
from app.catalog.sqlsplit import Statement, split_statements

_FLAGS = re.IGNORECASE | re.DOTALL
_NO_OPS = [
    re.compile(pattern, _FLAGS)
    for pattern in (
        r"SET\s",  # session settings
        r"SELECT\s+pg_catalog\.set_config\s*\(",
        r"(CREATE|ALTER)\s+SEQUENCE\s",  # sequences only feed defaults of future inserts
        r"SELECT\s+pg_catalog\.setval\s*\(",
        r"ALTER\s+TABLE\s+(ONLY\s+)?\S+\s+ALTER\s+(COLUMN\s+)?\S+\s+(SET\s+DEFAULT|ADD\s+GENERATED)\b",
        r"ALTER\s+(TABLE|SEQUENCE|SCHEMA|VIEW)\s+(ONLY\s+)?\S+\s+OWNER\s+TO\s",
        r"(GRANT|REVOKE)\s",
        r"CREATE\s+SCHEMA\s+(IF\s+NOT\s+EXISTS\s+)?public$",
        r"COMMENT\s+ON\s+SCHEMA\s+public\s",
        r"CREATE\s+(UNIQUE\s+)?INDEX\s",  # speed only; the data was already checked
        r"\\(un)?restrict\b",  # psql meta-commands written by recent pg_dump versions
    )
]
_BACKSLASH_STRINGS = re.compile(r"SET\s+standard_conforming_strings\s*(=|TO)\s*'?off", _FLAGS)
_COPY_DATA = re.compile(r"COPY\s.*\sFROM\s+stdin", _FLAGS)

_IDENT = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_INSERT_HEAD = re.compile(
    rf"INSERT\s+INTO\s+(?P<table>{_IDENT}(?:\s*\.\s*{_IDENT})?)\s*"
    rf"(?P<columns>\(\s*{_IDENT}(?:\s*,\s*{_IDENT})*\s*\))?\s*"
    r"(?:OVERRIDING\s+(?:SYSTEM|USER)\s+VALUE\s+)?VALUES\b\s*",
    _FLAGS,
)
# Literals that PostgreSQL and DuckDB read identically: rows of only these skip sqlglot, which
# makes loading a dump of many thousand INSERTs fast. Anything else goes through sqlglot.
_LITERAL = r"(?:NULL|TRUE|FALSE|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|'[^']*(?:''[^']*)*')"
_TUPLE = rf"\(\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*\s*\)"
_PLAIN_ROWS = re.compile(rf"{_TUPLE}(?:\s*,\s*{_TUPLE})*", _FLAGS)


@dataclass(frozen=True)
class InsertedRows:
    """The VALUES of one INSERT statement, ready for DuckDB."""

    line: int
    columns: tuple[str, ...] | None  # None: all columns in table order
    values_sql: str  # "(...), (...)"
    plain: bool  # only literals that PostgreSQL and DuckDB read the same way


@dataclass
class PgScript:
    tables: dict[str, TableDef] = field(default_factory=dict)
    comments: list[Statement] = field(default_factory=list)  # DuckDB COMMENT statements
    rows: dict[str, list[InsertedRows]] = field(default_factory=dict)


def read_pg_script(text: str, *, path: Path | None = None, allow_rows: bool = True) -> PgScript:
    """Translate a PostgreSQL script; errors name the file and line."""
    reader = _ScriptReader(allow_rows=allow_rows)
    try:
        for statement in split_statements(text):
            reader.read(statement)
    except DatasetSourceError as error:
        raise DatasetSourceError(error.reason, path=path, line=error.line) from error
    return reader.script


class _ScriptReader:
    def __init__(self, *, allow_rows: bool):
        self.script = PgScript()
        self._allow_rows = allow_rows
        self._insert_targets: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}

    def read(self, statement: Statement) -> None:
        try:
            self._read(statement)
        except DatasetSourceError as error:
            raise DatasetSourceError(error.reason, line=statement.line) from error

    def _read(self, statement: Statement) -> None:
        text = statement.text
        head = _INSERT_HEAD.match(text)
        if head:  # most statements of a dump: checked first
            self._add_rows(statement, head)
            return
        if _BACKSLASH_STRINGS.match(text):
            raise DatasetSourceError("standard_conforming_strings = off is not supported")
        if _COPY_DATA.match(text):
            raise DatasetSourceError("COPY data is not supported: make the dump with --inserts")
        if not any(pattern.match(text) for pattern in _NO_OPS):
            self._add_definition(_parse(text), statement)

    def _add_definition(self, parsed: exp.Expr, statement: Statement) -> None:
        if isinstance(parsed, exp.Create) and parsed.kind == "TABLE":
            self._add_table(table_def(parsed, statement.line))
        elif isinstance(parsed, exp.Comment) and parsed.args.get("kind") in {"TABLE", "COLUMN"}:
            self._table_of(_commented_table(parsed))
            sql = parsed.sql(dialect="duckdb", identify=True)
            self.script.comments.append(Statement(line=statement.line, text=sql))
        elif isinstance(parsed, exp.Alter) and _only_adds_constraints(parsed):
            table = self._table_of(parsed.this.name)
            for action in parsed.args["actions"]:
                for constraint in action.expressions:
                    table.add_constraint(constraint, statement.line)
        else:
            raise DatasetSourceError(
                f"cannot translate this statement: {_excerpt(statement)} (supported: tables, "
                "keys, comments, INSERT ... VALUES and statements with no effect on the data)"
            )

    def _add_table(self, table: TableDef) -> None:
        if table.name in self.script.tables:
            raise DatasetSourceError(f"table {table.name} is created twice")
        self.script.tables[table.name] = table

    def _table_of(self, name: str) -> TableDef:
        table = self.script.tables.get(name)
        if table is None:
            raise DatasetSourceError(f"table {name} is used before its CREATE TABLE")
        return table

    def _add_rows(self, statement: Statement, head: re.Match[str]) -> None:
        if not self._allow_rows:
            raise DatasetSourceError("this file holds the schema only; rows belong elsewhere")
        table, columns = self._insert_target(head.group("table"), head.group("columns") or "")
        self._table_of(table)
        values = statement.text[head.end() :].rstrip()
        plain = bool(_PLAIN_ROWS.fullmatch(values))
        if not plain:
            values = _translated_values(values)
        rows = InsertedRows(statement.line, columns, values, plain)
        self.script.rows.setdefault(table, []).append(rows)

    def _insert_target(self, table: str, columns: str) -> tuple[str, tuple[str, ...] | None]:
        """Table and column names of an INSERT head, parsed once per distinct head."""
        key = (table, columns)
        if key not in self._insert_targets:
            parsed = _parse(f"INSERT INTO {table} {columns} VALUES (NULL)")
            target = parsed.this
            names = tuple(c.name for c in target.expressions) if columns else None
            self._insert_targets[key] = (target.this.name if columns else target.name, names)
        return self._insert_targets[key]


def _parse(sql: str) -> exp.Expr:
    """One PostgreSQL statement, identifiers folded as PostgreSQL does, `public.` removed."""
    try:
        parsed = sqlglot.parse_one(sql, read="postgres")
    except SqlglotError as error:
        first_line = str(error).splitlines()[0]
        raise DatasetSourceError(f"cannot parse this statement: {first_line}") from error
    normalized = normalize_identifiers(parsed, dialect="postgres")
    return _without_public_schema(normalized)


def _without_public_schema(tree: exp.Expr) -> exp.Expr:
    for node in tree.find_all(exp.Table, exp.Column):
        if node.args.get("catalog"):
            qualified = node.sql("postgres")
            raise DatasetSourceError(f"database-qualified name {qualified} is not supported")
        schema = node.args.get("db")
        if schema is None:
            continue
        if schema.name != "public":
            raise DatasetSourceError(
                f"schema {schema.name} is not supported: only tables in public are"
            )
        node.set("db", None)
    return tree


def _translated_values(values: str) -> str:
    parsed = _parse(f"INSERT INTO t VALUES {values}")
    rows = parsed.expression
    if not isinstance(rows, exp.Values):
        raise DatasetSourceError("only INSERT ... VALUES is supported")
    for cast in list(rows.find_all(exp.Cast)):
        if _is_literal_to_plain_numeric(cast):
            # DuckDB would round to DECIMAL(18,3) first; the column's own type rounds once.
            cast.replace(cast.this)
    return ", ".join(row.sql(dialect="duckdb") for row in rows.expressions)


def _is_literal_to_plain_numeric(cast: exp.Cast) -> bool:
    target = cast.to
    plain_decimal = target.this == exp.DType.DECIMAL and not target.expressions
    return plain_decimal and isinstance(cast.this, exp.Literal)


def _commented_table(comment: exp.Comment) -> str:
    target = comment.this
    return str(target.table if isinstance(target, exp.Column) else target.name)


def _only_adds_constraints(alter: exp.Alter) -> bool:
    actions = alter.args.get("actions") or []
    adds_only = bool(actions) and all(isinstance(a, exp.AddConstraint) for a in actions)
    return alter.args.get("kind") == "TABLE" and adds_only


def _excerpt(statement: Statement) -> str:
    first_line = statement.text.splitlines()[0]
    return first_line if len(first_line) <= 80 else first_line[:77] + "..."
