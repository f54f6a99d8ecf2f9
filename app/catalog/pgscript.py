"""Read a PostgreSQL script (a schema file or a plain `pg_dump --inserts` dump).

Statements are translated to DuckDB with sqlglot and sorted into tables, views, comments and
rows; schema qualifications are checked and removed (see pgnames.py).
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
from app.catalog.pgnames import SET_SEARCH_PATH, Namespace
from app.catalog.pgschema import TableDef, table_def
from app.catalog.pgviews import ViewDef, view_def
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
        r"COMMENT\s+ON\s+SCHEMA\s",
        r"CREATE\s+(UNIQUE\s+)?INDEX\s",  # speed only; the data was already checked
        r"\\(un)?restrict\b",  # psql meta-commands written by recent pg_dump versions
    )
]
_BACKSLASH_STRINGS = re.compile(r"SET\s+standard_conforming_strings\s*(=|TO)\s*'?off", _FLAGS)
_COPY_DATA = re.compile(r"COPY\s.*\sFROM\s+stdin", _FLAGS)
_CREATE_SCHEMA = re.compile(r"CREATE\s+SCHEMA\s", _FLAGS)

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
    views: list[ViewDef] = field(default_factory=list)  # in script order
    comments: list[Statement] = field(default_factory=list)  # DuckDB COMMENT statements
    view_comments: list[Statement] = field(default_factory=list)  # run once views exist
    rows: dict[str, list[InsertedRows]] = field(default_factory=dict)
    names: Namespace = field(default_factory=Namespace)


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
        if search_path := SET_SEARCH_PATH.match(text):
            self.script.names.set_search_path(search_path)
        elif _CREATE_SCHEMA.match(text) and not _is_no_op(text):
            self.script.names.create_schema(text)
        elif not _is_no_op(text):
            self._add_definition(_parse(text), statement)

    def _add_definition(self, parsed: exp.Expr, statement: Statement) -> None:
        if isinstance(parsed, exp.Create) and parsed.kind in {"TABLE", "VIEW"}:
            self._add_created(parsed, statement.line)
            return
        parsed = self.script.names.unqualified(parsed)
        if isinstance(parsed, exp.Comment) and parsed.args.get("kind") in {"TABLE", "COLUMN"}:
            self._add_comment(parsed, statement.line)
        elif isinstance(parsed, exp.Comment) and parsed.args.get("kind") == "VIEW":
            self._view_comment(parsed, statement.line)
        elif isinstance(parsed, exp.Alter) and _only_adds_constraints(parsed):
            table = self._table_of(parsed.this.name)
            for action in parsed.args["actions"]:
                for constraint in action.expressions:
                    table.add_constraint(constraint, statement.line)
        else:
            raise DatasetSourceError(
                f"cannot translate this statement: {_excerpt(statement)} (supported: schemas, "
                "tables, views, keys, comments, INSERT ... VALUES and statements with no effect "
                "on the data)"
            )

    def _add_created(self, create: exp.Create, line: int) -> None:
        target = create.this.this if isinstance(create.this, exp.Schema) else create.this
        if not isinstance(target, exp.Table):
            raise DatasetSourceError("cannot tell the name of the created object")
        schema = self.script.names.create(target)
        create = self.script.names.unqualified(create)
        if create.kind == "VIEW":
            self.script.views.append(view_def(create, line))
        else:
            table = table_def(create, line)
            table.schema = schema
            self.script.tables[table.name] = table

    def _add_comment(self, comment: exp.Comment, line: int) -> None:
        commented = _commented_table(comment)
        if any(view.name == commented for view in self.script.views):
            self._view_comment(comment, line)
            return
        self._table_of(commented)
        sql = comment.sql(dialect="duckdb", identify=True)
        self.script.comments.append(Statement(line=line, text=sql))

    def _view_comment(self, comment: exp.Comment, line: int) -> None:
        view = _commented_table(comment)
        if not any(defined.name == view for defined in self.script.views):
            raise DatasetSourceError(f"view {view} is used before its CREATE VIEW")
        sql = comment.sql(dialect="duckdb", identify=True)
        self.script.view_comments.append(Statement(line=line, text=sql))

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
            parsed = self.script.names.unqualified(
                _parse(f"INSERT INTO {table} {columns} VALUES (NULL)")
            )
            target = parsed.this
            names = tuple(c.name for c in target.expressions) if columns else None
            self._insert_targets[key] = (target.this.name if columns else target.name, names)
        return self._insert_targets[key]


def _is_no_op(text: str) -> bool:
    return any(pattern.match(text) for pattern in _NO_OPS)


def _parse(sql: str) -> exp.Expr:
    """One PostgreSQL statement, identifiers folded as PostgreSQL does."""
    try:
        parsed = sqlglot.parse_one(sql, read="postgres")
    except SqlglotError as error:
        first_line = str(error).splitlines()[0]
        raise DatasetSourceError(f"cannot parse this statement: {first_line}") from error
    return normalize_identifiers(parsed, dialect="postgres")


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
