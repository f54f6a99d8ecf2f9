"""A candidate's CREATE INDEX read into its parts (table, method, key, INCLUDE, WHERE), or the
reason it cannot be graded as one."""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from app.kinds.index.normalise import DIALECT, canonical, conjuncts, fixed_columns
from app.kinds.index.rewrites import TextColumns

EXPECTED = (
    "one CREATE INDEX statement: CREATE INDEX [name] ON table [USING method] (key, ...) "
    "[INCLUDE (column, ...)] [WHERE condition]"
)
DEFAULT_METHOD = "btree"


class NotAnIndex(ValueError):
    """The answer is not one CREATE INDEX that can be read: the message says what was sent."""


@dataclass(frozen=True)
class KeyPart:
    """One key element: its canonical expression, how it is written, its sort direction and its
    operator class (None for the method's default)."""

    expression: str
    written: str
    desc: bool
    nulls_first: bool
    operator_class: str | None


@dataclass(frozen=True)
class CandidateIndex:
    name: str  # as written, "" when PostgreSQL is left to choose one
    table: str
    method: str
    unique: bool
    keys: tuple[KeyPart, ...]
    include: tuple[str, ...]
    predicate: tuple[str, ...]  # the canonical terms of its WHERE's top-level AND
    fixed: frozenset[str]  # the columns its WHERE pins to one value
    where: str  # its WHERE as written, "" when none


def read_index(sql: str, text_columns: TextColumns = frozenset()) -> CandidateIndex:
    """The parts of `sql`, a single CREATE INDEX; NotAnIndex otherwise. `text_columns`, the
    table's text and varchar columns, lets a cast PostgreSQL would add itself be read away."""
    try:
        return _read(sql, text_columns)
    except RecursionError:
        raise NotAnIndex(
            f"The answer nests parentheses too deeply to be read; expected {EXPECTED}."
        ) from None


def _read(sql: str, text_columns: TextColumns) -> CandidateIndex:
    index = _index_of(_single_statement(sql))
    params = index.args.get("params") or exp.IndexParameters()
    using = params.args.get("using")
    where = params.args.get("where")
    condition = where.this if where is not None else None
    terms = conjuncts(condition)
    name = index.args.get("this")
    return CandidateIndex(
        name=name.name if name is not None else "",
        table=_folded(index.args["table"].this),
        method=using.name.lower() if using is not None else DEFAULT_METHOD,
        unique=bool(index.parent and index.parent.args.get("unique")),
        keys=tuple(_key_part(key, text_columns) for key in params.args.get("columns") or []),
        include=tuple(canonical(column) for column in params.args.get("include") or []),
        predicate=tuple(canonical(term, text_columns) for term in terms),
        fixed=frozenset(fixed_columns(terms, text_columns)),
        where=condition.sql(dialect=DIALECT) if condition is not None else "",
    )


def _folded(name: exp.Identifier) -> str:
    """A name as PostgreSQL reads it: folded to lower case unless quoted."""
    return name.name if name.quoted else name.name.lower()


def _single_statement(sql: str) -> exp.Expr:
    try:
        statements = [s for s in sqlglot.parse(sql, read=DIALECT) if s is not None]
    except SqlglotError as error:
        raise NotAnIndex(
            f"The answer does not parse as SQL ({_where(error)}); expected {EXPECTED}."
        ) from error
    if not statements:
        raise NotAnIndex(f"The answer holds no statement; expected {EXPECTED}.")
    if len(statements) > 1:
        raise NotAnIndex(f"The answer holds {len(statements)} statements; expected {EXPECTED}.")
    return statements[0]


def _index_of(statement: exp.Expr) -> exp.Index:
    index = statement.this if isinstance(statement, exp.Create) else None
    if isinstance(index, exp.Index) and index.args.get("table") is not None:
        return index
    raise NotAnIndex(f"The answer is {_described(statement)}; expected {EXPECTED}.")


def _described(statement: exp.Expr) -> str:
    if isinstance(statement, exp.Create):
        return f"a CREATE {statement.args.get('kind') or ''} statement".replace("  ", " ")
    if isinstance(statement, exp.Command):
        return f"a {statement.name.upper()} statement this grader cannot read"
    return f"a {statement.key.upper()} statement"


def _key_part(column: exp.Expr, text_columns: TextColumns) -> KeyPart:
    ordered = column if isinstance(column, exp.Ordered) else exp.Ordered(this=column)
    target, operator_class = ordered.this, None
    if isinstance(target, exp.Opclass):
        operator_class = target.expression.name.lower()
        target = target.this
    desc = bool(ordered.args.get("desc"))
    nulls_first = ordered.args.get("nulls_first")
    return KeyPart(
        expression=canonical(target, text_columns),
        written=target.sql(dialect=DIALECT),
        desc=desc,
        nulls_first=desc if nulls_first is None else bool(nulls_first),
        operator_class=operator_class,
    )


def _where(error: SqlglotError) -> str:
    """Where parsing stopped, without the parser's token dump."""
    found = getattr(error, "errors", None) or [{}]
    line, col = found[0].get("line"), found[0].get("col")
    return f"it stops at line {line}, column {col}" if line else "it cannot be read"
