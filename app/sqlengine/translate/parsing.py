"""The sqlglot dialects candidate SQL is parsed with, and one adjustment to PostgreSQL parsing.

sqlglot turns `to_char(ts, 'Month YYYY')` into a strftime call while parsing, and that mapping
loses PostgreSQL's meaning (padding, FM, quarters). Renaming the call in the token stream keeps it
a plain function call with its original format, which `tochar.py` then translates faithfully.
"""

from __future__ import annotations

import itertools

from sqlglot import Dialect
from sqlglot.tokenizer_core import Token, TokenType

from app.sqlengine.translate.sqlglot_logs import keep_candidate_sql_out_of_logs

SUPPORTED = ("postgres", "duckdb")
RAW_TO_CHAR = "pg_to_char_raw"
TYPED_LITERAL_KEYWORDS = {
    TokenType.DATE,
    TokenType.TIMESTAMP,
    TokenType.TIME,
    TokenType.INTERVAL,
}

# Every reading of candidate SQL goes through this module, so its import installs the filter.
keep_candidate_sql_out_of_logs()


def parse_dialect(name: str) -> Dialect:
    """The dialect used to read candidate SQL written in `name`."""
    if name not in SUPPORTED:
        raise ValueError(f"Unknown SQL dialect {name!r}: choose one of {', '.join(SUPPORTED)}.")
    return Dialect.get_or_raise(name)


def adjust_postgres_tokens(tokens: list[Token], dialect: str) -> list[Token]:
    """Token-level fixes that let sqlglot read PostgreSQL as PostgreSQL means it."""
    if dialect != "postgres":
        return tokens
    _keep_to_char_raw(tokens)
    return _parenthesize_typed_literals(tokens)


def _keep_to_char_raw(tokens: list[Token]) -> None:
    """Rename `to_char(` calls so the parser keeps their format string as written."""
    for token, following in itertools.pairwise(tokens):
        if token.text.lower() == "to_char" and following.token_type == TokenType.L_PAREN:
            token.text = RAW_TO_CHAR


def _parenthesize_typed_literals(tokens: list[Token]) -> list[Token]:
    """`DATE '2024-01-31'::text` casts the date; sqlglot would cast the string first."""
    adjusted: list[Token] = []
    i = 0
    while i < len(tokens):
        if _typed_literal_then_cast(tokens, i):
            keyword, literal = tokens[i], tokens[i + 1]
            adjusted += [_like(keyword, TokenType.L_PAREN, "("), keyword, literal]
            adjusted.append(_like(literal, TokenType.R_PAREN, ")"))
            i += 2
        else:
            adjusted.append(tokens[i])
            i += 1
    return adjusted


def _typed_literal_then_cast(tokens: list[Token], i: int) -> bool:
    return (
        i + 2 < len(tokens)
        and tokens[i].token_type in TYPED_LITERAL_KEYWORDS
        and tokens[i + 1].token_type == TokenType.STRING
        and tokens[i + 2].token_type == TokenType.DCOLON
    )


def _like(token: Token, kind: TokenType, text: str) -> Token:
    """A synthetic token at the position of `token` (so errors still point somewhere sensible)."""
    return Token(kind, text, token.line, token.col, token.start, token.end)
