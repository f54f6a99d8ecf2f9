"""DuckDB's error messages, made to speak about the candidate's own SQL.

DuckDB reports errors against the translated query it ran. The excerpt it quotes would show the
candidate SQL they never wrote, so it is dropped, and the position is found again in their text
from the names the message quotes.
"""

from __future__ import annotations

import re

from app.sqlengine.dialects import parse_dialect
from app.sqlengine.errors import QueryRuntimeError, SourcePosition

CONTEXT = re.compile(r"\n+LINE \d+:.*", re.DOTALL)
CANDIDATES = re.compile(r"\s*Candidate functions:.*", re.DOTALL)  # DuckDB's overload list
QUOTED = re.compile(r'"([^"]+)"')
SUGGESTIONS = re.compile(r"\s*Candidate bindings:.*", re.DOTALL)  # names offered, not the culprit
DUCKDB_ONLY_ADVICE = re.compile(r"\n?Either add it to the GROUP BY list, or use ANY_VALUE.*")


def in_candidate_terms(error: QueryRuntimeError, sql: str, dialect: str) -> QueryRuntimeError:
    """The same error, without the translated excerpt, pointing into `sql` where it can."""
    message = CANDIDATES.sub("", CONTEXT.sub("", error.message)).strip()
    message = message.replace("Candidate bindings: : ", "Candidate bindings: ")
    if dialect == "postgres":
        message = DUCKDB_ONLY_ADVICE.sub("", message).strip()
    return QueryRuntimeError(message, position=_position_of_quoted_name(message, sql, dialect))


def _position_of_quoted_name(message: str, sql: str, dialect: str) -> SourcePosition | None:
    """The last name the message quotes before any suggestions: in 'Table "s" does not have a
    column named "valid_to"', the column."""
    tokens = parse_dialect(dialect).tokenize(sql)
    for name in reversed(QUOTED.findall(SUGGESTIONS.sub("", message))):
        for token in tokens:
            if token.text.lower() == name.lower():
                return SourcePosition.at_offset(sql, token.start)
    return None
