"""The sqlglot dialects candidate SQL is parsed with, and one adjustment to PostgreSQL parsing.

sqlglot turns `to_char(ts, 'Month YYYY')` into a strftime call while parsing, and that mapping
loses PostgreSQL's meaning (padding, FM, quarters). Renaming the call in the token stream keeps it
a plain function call with its original format, which `tochar.py` then translates faithfully.
"""

from __future__ import annotations

import itertools

from sqlglot import Dialect
from sqlglot.tokenizer_core import Token, TokenType

SUPPORTED = ("postgres", "duckdb")
RAW_TO_CHAR = "pg_to_char_raw"


def parse_dialect(name: str) -> Dialect:
    """The dialect used to read candidate SQL written in `name`."""
    if name not in SUPPORTED:
        raise ValueError(f"Unknown SQL dialect {name!r}: choose one of {', '.join(SUPPORTED)}.")
    return Dialect.get_or_raise(name)


def keep_to_char_raw(tokens: list[Token], dialect: str) -> list[Token]:
    """Rename PostgreSQL `to_char(` calls so the parser keeps their format string as written."""
    if dialect == "postgres":
        for token, following in itertools.pairwise(tokens):
            if token.text.lower() == "to_char" and following.token_type == TokenType.L_PAREN:
                token.text = RAW_TO_CHAR
    return tokens
