"""DuckDB's error messages, made to speak about the candidate's own SQL.

DuckDB reports errors against the translated query it ran. The excerpt it quotes would show the
candidate SQL they never wrote, so it is dropped, and the position is found again in their text
from the names the message quotes.
"""

from __future__ import annotations

import re

from app.sqlengine.errors import QueryRuntimeError, SourcePosition
from app.sqlengine.translate.parsing import parse_dialect

CONTEXT = re.compile(r"\n+LINE \d+:.*", re.DOTALL)
CANDIDATES = re.compile(r"\s*Candidate functions:.*", re.DOTALL)  # DuckDB's overload list
QUOTED = re.compile(r'"([^"]+)"')
SUGGESTIONS = re.compile(r"\s*Candidate bindings:.*", re.DOTALL)  # names offered, not the culprit
DUCKDB_ONLY_ADVICE = re.compile(r"\n?Either add it to the GROUP BY list, or use ANY_VALUE.*")
NO_MATCH = re.compile(
    r"Binder Error: (?:No function matches the given name and argument types|(?P<ambiguous>Could "
    r"not choose) a best candidate function for the function call) "
    r"['\"](?P<name>[^(]+)\((?P<args>.*)\)['\"].*",
    re.DOTALL,
)
POSTGRES_TYPES = {
    "VARCHAR": "text",
    "STRING_LITERAL": "unknown",
    "INTEGER_LITERAL": "integer",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "HUGEINT": "numeric",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


def in_candidate_terms(error: QueryRuntimeError, sql: str, dialect: str) -> QueryRuntimeError:
    """The same error, without the translated excerpt, pointing into `sql` where it can."""
    message = CANDIDATES.sub("", CONTEXT.sub("", error.message)).strip()
    message = message.replace("Candidate bindings: : ", "Candidate bindings: ")
    if dialect == "postgres":
        message = _mismatch_in_postgres_terms(DUCKDB_ONLY_ADVICE.sub("", message).strip(), sql)
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


def _mismatch_in_postgres_terms(message: str, sql: str) -> str:
    """DuckDB's 'No function matches ... -(TIMESTAMP, STRING_LITERAL)' as PostgreSQL says it."""
    found = NO_MATCH.fullmatch(message)
    if found is None:
        return message
    name = found["name"].strip()
    types = [_postgres_type(t) for t in re.split(r",\s*(?![^(]*\))", found["args"]) if t]
    hint = " Cast the quoted literal to the type you mean, e.g. '1 day'::interval."
    hint = hint if "unknown" in types else " Cast the arguments to the types you mean."
    if not name.isidentifier() and len(types) == 2:
        problem = "is not unique" if found["ambiguous"] else "does not exist"
        return f"operator {problem}: {types[0]} {name} {types[1]}.{hint}"
    if name.lower() in sql.lower():
        return f"function {name.lower()}({', '.join(types)}) does not exist.{hint}"
    return f"An expression in the query cannot take arguments of types {', '.join(types)}.{hint}"


def _postgres_type(duckdb_type: str) -> str:
    text = duckdb_type.strip()
    if text.endswith("[]"):
        return _postgres_type(text[:-2]) + "[]"
    if text.startswith("DECIMAL"):
        return "numeric"
    return POSTGRES_TYPES.get(text, text.lower())
