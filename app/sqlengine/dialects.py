"""The sqlglot dialects candidate SQL is parsed with.

PostgreSQL is parsed with one change: `to_char` stays a plain function call so that the
translation sees the original format string (sqlglot's own mapping of it to strftime is lossy).
"""

from __future__ import annotations

from typing import ClassVar

from sqlglot import Dialect
from sqlglot.dialects.postgres import Postgres


class PracticePostgres(Postgres):
    class Parser(Postgres.Parser):  # type: ignore[valid-type,misc]
        FUNCTIONS: ClassVar = {
            name: f for name, f in Postgres.Parser.FUNCTIONS.items() if name != "TO_CHAR"
        }


SUPPORTED = ("postgres", "duckdb")


def parse_dialect(name: str) -> Dialect:
    """The dialect used to read candidate SQL written in `name`."""
    if name == "postgres":
        return PracticePostgres()
    if name == "duckdb":
        return Dialect.get_or_raise("duckdb")
    raise ValueError(f"Unknown SQL dialect {name!r}: choose one of {', '.join(SUPPORTED)}.")
