"""Errors raised by the SQL engine, each with a stable code the API and UI rely on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourcePosition:
    """A 1-based line and column in the candidate's SQL text."""

    line: int
    col: int

    @classmethod
    def at_offset(cls, sql: str, offset: int) -> SourcePosition:
        """Position of the character at `offset` (0-based) in `sql`."""
        before = sql[:offset]
        line = before.count("\n") + 1
        return cls(line=line, col=offset - (before.rfind("\n") + 1) + 1)


class SqlError(Exception):
    """A query that cannot be run or was stopped; `code` is stable, `message` is for people."""

    code = "sql_error"

    def __init__(self, message: str, *, position: SourcePosition | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI and the API."""
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.position:
            body["line"], body["col"] = self.position.line, self.position.col
        return body


class SqlSyntaxError(SqlError):
    code = "sql_syntax_error"


class MultipleStatementsError(SqlError):
    code = "sql_multiple_statements"


class ForbiddenStatementError(SqlError):
    code = "sql_forbidden_statement"


class ForbiddenFunctionError(SqlError):
    code = "sql_forbidden_function"


class UnknownTableError(SqlError):
    code = "sql_unknown_table"


class NonAsciiError(SqlError):
    code = "sql_non_ascii"


class TooComplexError(SqlError):
    code = "sql_too_complex"


class UnsupportedError(SqlError):
    """PostgreSQL constructs the practice engine cannot reproduce faithfully."""

    code = "sql_unsupported"


class QueryRuntimeError(SqlError):
    """DuckDB refused or failed the query (binder error, division by zero, bad cast...)."""

    code = "sql_runtime_error"


class QueryTimeoutError(SqlError):
    code = "sql_timeout"


class ResourceLimitError(SqlError):
    code = "sql_resource_limit"


class ResultTooLargeError(SqlError):
    code = "sql_result_too_large"


class UnknownDatasetError(SqlError):
    code = "unknown_dataset"


class QuestionBrokenError(SqlError):
    """The question's own reference solution failed: the content is at fault, not the answer,
    which is neither graded nor recorded."""

    code = "question_broken"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"This question is broken, not your answer. {reason.rstrip('.')}. Your answer was "
            "not graded and not recorded; please report the question."
        )
