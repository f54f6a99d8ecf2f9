"""Check that candidate SQL is one read-only query over the dataset, before anything runs it.

Everything is an allow-list, over the whole parse tree: the node types (`node_types.toml`), the
functions (`allowlist.py`) and the tables (the dataset's own plus the query's CTEs). Errors point
at the offending token.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokenizer_core import Token, TokenType

from app.sqlengine.errors import (
    ForbiddenFunctionError,
    ForbiddenStatementError,
    MultipleStatementsError,
    NonAsciiError,
    SourcePosition,
    SqlSyntaxError,
    TooComplexError,
    UnknownTableError,
)
from app.sqlengine.translate.allowlist import allow_list, function_name, refusal_message
from app.sqlengine.translate.node_types import check_node_types
from app.sqlengine.translate.parsing import adjust_postgres_tokens, parse_dialect

MAX_SQL_CHARS = 20_000
MAX_NESTING = 40
MAX_NODES = 5_000
QUERY_ROOTS = (exp.Select, exp.SetOperation, exp.Values, exp.Subquery)
STRING_TOKENS = {
    TokenType.STRING,
    TokenType.NATIONAL_STRING,
    TokenType.RAW_STRING,
    TokenType.HEREDOC_STRING,
    TokenType.BYTE_STRING,
    TokenType.BIT_STRING,
    TokenType.HEX_STRING,
}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
SCHEMAS_MEANING_THE_DATASET = {"public", "main"}  # other schemas: as `tables` names them
TABLE_FUNCTIONS = {"generate_series", "range", "unnest"}


@dataclass(frozen=True)
class ValidatedQuery:
    """A query that passed every check: its parse tree and whether it is an EXPLAIN."""

    tree: exp.Expr
    explain: bool
    dialect: str


def validate_sql(
    sql: str, *, dialect: str, tables: Collection[str], allow_explain: bool = False
) -> ValidatedQuery:
    """Parse `sql` and prove it is a single read-only query over `tables`; raise SqlError if not."""
    _check_length(sql)
    tokens = _tokenize(sql, dialect)
    _check_non_ascii(sql, tokens)
    _check_nesting(sql, tokens)
    explain, tokens = _strip_explain(tokens, allow_explain, sql)
    tree = _parse_single(sql, tokens, dialect)
    _check_is_query(tree, sql, tokens)
    _check_size(tree)
    _check_functions(tree, dialect, sql, tokens)
    check_node_types(tree, sql=sql, tokens=tokens, dialect=dialect)
    _check_tables(tree, {t.lower() for t in tables}, sql)
    return ValidatedQuery(tree=tree, explain=explain, dialect=dialect)


def _check_length(sql: str) -> None:
    if len(sql) > MAX_SQL_CHARS:
        raise TooComplexError(
            f"The query is {len(sql):,} characters long; the limit is {MAX_SQL_CHARS:,}."
        )
    if not sql.strip().strip(";").strip():
        raise SqlSyntaxError("The query is empty: write a SELECT statement.")


def _tokenize(sql: str, dialect: str) -> list[Token]:
    try:
        return parse_dialect(dialect).tokenize(sql)
    except TokenError as error:
        raise SqlSyntaxError(f"Could not read the query: {error}") from None


def _check_non_ascii(sql: str, tokens: list[Token]) -> None:
    """Reject look-alike letters and invisible characters outside strings and comments."""
    if sql.isascii():
        return
    for start, end in _code_spans(sql, tokens):
        for offset in range(start, end):
            if ord(sql[offset]) > 127:
                raise NonAsciiError(
                    f"Unexpected character {sql[offset]!r} (U+{ord(sql[offset]):04X}) outside a "
                    "string: retype it with plain ASCII letters and spaces.",
                    position=SourcePosition.at_offset(sql, offset),
                )


def _code_spans(sql: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """Spans of the text that is SQL code: non-string tokens, and gaps with comments removed."""
    cursor = 0
    for token in tokens:
        yield from _uncommented(sql, cursor, token.start)
        if token.token_type not in STRING_TOKENS:
            yield token.start, token.end + 1
        cursor = token.end + 1
    yield from _uncommented(sql, cursor, len(sql))


def _uncommented(sql: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cursor = start
    for comment in COMMENT.finditer(sql, start, end):
        yield cursor, comment.start()
        cursor = comment.end()
    yield cursor, end


def _check_nesting(sql: str, tokens: list[Token]) -> None:
    depth = 0
    for token in tokens:
        depth += {TokenType.L_PAREN: 1, TokenType.R_PAREN: -1}.get(token.token_type, 0)
        if depth > MAX_NESTING:
            raise TooComplexError(
                f"Parentheses or subqueries are nested deeper than {MAX_NESTING} levels.",
                position=SourcePosition.at_offset(sql, token.start),
            )


def _strip_explain(tokens: list[Token], allow_explain: bool, sql: str) -> tuple[bool, list[Token]]:
    if not tokens or tokens[0].text.upper() != "EXPLAIN":
        return False, tokens
    if not allow_explain:
        raise ForbiddenStatementError(
            "EXPLAIN is only available in plan-reading drills; run the query itself here.",
            position=SourcePosition.at_offset(sql, tokens[0].start),
        )
    if len(tokens) > 1 and tokens[1].text.upper() == "ANALYZE":
        raise ForbiddenStatementError(
            "EXPLAIN ANALYZE is not available; use EXPLAIN.",
            position=SourcePosition.at_offset(sql, tokens[1].start),
        )
    return True, tokens[1:]


def _parse_single(sql: str, tokens: list[Token], dialect: str) -> exp.Expr:
    statements = _statement_token_groups(tokens)
    if len(statements) > 1:
        raise MultipleStatementsError(
            "Only one statement can run at a time: remove everything after the first ';'.",
            position=SourcePosition.at_offset(sql, statements[1][0].start),
        )
    try:
        tokens = adjust_postgres_tokens(statements[0], dialect)
        tree = parse_dialect(dialect).parser().parse(tokens, sql)[0]
    except ParseError as error:
        raise _syntax_error(error, statements[0]) from None
    except RecursionError:
        raise TooComplexError(
            "The query nests too deeply (CASE, NOT or brackets); flatten it."
        ) from None
    if tree is None:
        raise SqlSyntaxError("The query is empty: write a SELECT statement.")
    return tree


def _statement_token_groups(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = [[]]
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            groups.append([])
        else:
            groups[-1].append(token)
    return [group for group in groups if group] or [[]]


def _syntax_error(error: ParseError, tokens: list[Token]) -> SqlSyntaxError:
    if (typo := _unknown_first_word(tokens)) is not None:
        return typo
    detail = error.errors[0] if error.errors else {}
    description = _in_plain_words(str(detail.get("description") or error).split(". Line ")[0])
    near = detail.get("highlight")
    message = (
        f"Syntax error near {near!r}: {description}" if near else f"Syntax error: {description}"
    )
    line, col = detail.get("line"), detail.get("col")
    position = SourcePosition(line, max(1, col - len(near or " ") + 1)) if line and col else None
    return SqlSyntaxError(message, position=position)


# sqlglot names the parse node it was building ("... missing for <class 'sqlglot...Mul'>").
_PARSER_INTERNALS = re.compile(r"Required keyword: '\w+' missing for <class '[\w.]+'>")
_QUERY_STARTS = {TokenType.SELECT, TokenType.WITH, TokenType.VALUES, TokenType.L_PAREN}


def _in_plain_words(description: str) -> str:
    return _PARSER_INTERNALS.sub(
        "something is missing here (an operand, a keyword, or a misspelt keyword before it)",
        description,
    )


def _unknown_first_word(tokens: list[Token]) -> SqlSyntaxError | None:
    """'SELEC * FROM t': name the typo instead of what the parser made of it."""
    first = tokens[0] if tokens else None
    if first is None or first.token_type in _QUERY_STARTS or first.token_type != TokenType.VAR:
        return None
    return SqlSyntaxError(
        f"A query starts with SELECT or WITH; {first.text!r} is not a keyword (a typo?).",
        position=SourcePosition(first.line, max(1, first.col - len(first.text) + 1)),
    )


def _check_is_query(tree: exp.Expr, sql: str, tokens: list[Token]) -> None:
    """The statement and its CTE bodies are queries; which nodes they may hold is the node-type
    list's business (`node_types.toml`)."""
    if not isinstance(tree, QUERY_ROOTS):
        raise ForbiddenStatementError(
            "Only a read-only query (SELECT, WITH ... SELECT, UNION, VALUES) can run here.",
            position=SourcePosition.at_offset(sql, tokens[0].start) if tokens else None,
        )
    for cte in tree.find_all(exp.CTE):
        if not isinstance(cte.this, QUERY_ROOTS):
            raise ForbiddenStatementError(
                f"The CTE {cte.alias!r} must be a SELECT: data-changing CTEs are not allowed."
            )


def _check_size(tree: exp.Expr) -> None:
    count = sum(1 for _ in tree.walk())
    if count > MAX_NODES:
        raise TooComplexError(
            f"The query has {count:,} syntax elements; the limit is {MAX_NODES:,}. Simplify it."
        )


def _check_functions(tree: exp.Expr, dialect: str, sql: str, tokens: list[Token]) -> None:
    allowed = allow_list(dialect)
    for node in tree.find_all(exp.Func):
        if not allowed.allows(node):
            name = _written_name(node, sql)
            raise ForbiddenFunctionError(
                refusal_message(name, dialect), position=_position_of_name(name, node, sql, tokens)
            )


def _written_name(node: exp.Func, sql: str) -> str:
    """The name as the query spells it: sqlglot may model a call as another construct (it
    writes last_day(x) back as a cast)."""
    written = NAME.match(sql, node.meta["start"]) if "start" in node.meta else None
    return written.group(0).lower() if written else function_name(node)


def _position_of_name(
    name: str, node: exp.Expr, sql: str, tokens: list[Token]
) -> SourcePosition | None:
    if "start" in (node.meta or {}):
        return SourcePosition.at_offset(sql, node.meta["start"])
    for token in tokens:
        if token.text.lower() == name:
            return SourcePosition.at_offset(sql, token.start)
    return None


def _check_tables(tree: exp.Expr, tables: set[str], sql: str) -> None:
    """Every table is a CTE in scope or one of `tables`: a bare name, or `schema.name`.

    A dataset holds all its tables in DuckDB's main schema (app/catalog/pgnames.py), so a
    schema that names the dataset's table is removed once checked.
    """
    for table in tree.find_all(exp.Table):
        if isinstance(table.this, exp.Func):
            _check_table_function(table.this, sql)
            continue
        reference = _reference(table.db, table.name)
        known = reference in tables or (not table.db and reference in _visible_ctes(table))
        if table.catalog or not known:
            raise UnknownTableError(
                _unknown_table_message(table, tables), position=_identifier_position(table, sql)
            )
        table.set("db", None)
    for column in tree.find_all(exp.Column):
        if column.args.get("db") is not None:
            _unqualify_column(column, tables)


def _reference(schema: str, name: str) -> str:
    """How `tables` spells a table: PostgreSQL's public and DuckDB's main are one schema."""
    schema = "public" if schema.lower() in SCHEMAS_MEANING_THE_DATASET else schema.lower()
    return f"{schema}.{name.lower()}" if schema else name.lower()


def _unqualify_column(column: exp.Column, tables: set[str]) -> None:
    """cd.members.member_id reads a dataset table: drop the schema, as for the table."""
    if column.args.get("catalog") or _reference(column.text("db"), column.table) not in tables:
        shown = ".".join(part.name for part in column.parts[:-1])
        raise UnknownTableError(f"There is no table {shown!r} in this dataset.")
    column.set("db", None)


def _visible_ctes(table: exp.Table) -> set[str]:
    """CTE names in scope where `table` is read: those of every enclosing WITH."""
    names: set[str] = set()
    node = table.parent
    while node is not None:
        with_ = node.args.get("with_") or node.args.get("with")
        if isinstance(with_, exp.With):
            names |= {cte.alias_or_name.lower() for cte in with_.expressions}
        node = node.parent
    return names


def _check_table_function(function: exp.Func, sql: str) -> None:
    """Only generators may stand where a table does (DuckDB's table macros may not)."""
    if isinstance(function, (exp.Unnest, exp.Explode)) or "series" in function.key:
        return
    name = function_name(function)
    if name not in TABLE_FUNCTIONS:
        raise ForbiddenFunctionError(
            f"{name}() cannot be used as a table here; only generate_series, range and unnest can.",
            position=_identifier_position_of(function, sql),
        )


def _identifier_position_of(node: exp.Expr, sql: str) -> SourcePosition | None:
    return SourcePosition.at_offset(sql, node.meta["start"]) if "start" in node.meta else None


def _unknown_table_message(table: exp.Table, tables: set[str]) -> str:
    shown = ".".join(part.name for part in table.parts)
    bare = sorted(t for t in tables if "." not in t) or sorted(tables)
    close = difflib.get_close_matches(table.name.lower(), bare, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    return f"There is no table {shown!r} in this dataset.{hint} Tables: {', '.join(bare)}."


def _identifier_position(table: exp.Table, sql: str) -> SourcePosition | None:
    meta = table.this.meta if isinstance(table.this, exp.Expr) else {}
    return SourcePosition.at_offset(sql, meta["start"]) if "start" in (meta or {}) else None
