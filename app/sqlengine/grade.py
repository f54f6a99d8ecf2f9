"""Grade a candidate's query against a reference query: run both, compare, explain.

Reference results are computed once per dataset version and kept in memory and on disk, keyed
by the dataset's content hash and the exact DuckDB SQL that produced them.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.sqlengine.compare import GradingPolicy, ResultSet
from app.sqlengine.diagnose import Diagnostic, diagnose
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import SqlError
from app.sqlengine.worker import QueryResult


class Status(StrEnum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    ERROR = "error"
    TIMEOUT = "timeout"
    REJECTED = "rejected"
    TOO_MANY_ROWS = "too_many_rows"


ERROR_STATUS = {
    "sql_syntax_error": Status.ERROR,
    "sql_runtime_error": Status.ERROR,
    "sql_resource_limit": Status.TIMEOUT,
    "sql_timeout": Status.TIMEOUT,
    "sql_result_too_large": Status.TOO_MANY_ROWS,
}


@dataclass(frozen=True)
class Reference:
    """What a question's answer is checked against."""

    dataset: str
    sql: str
    dialect: str
    policy: GradingPolicy


@dataclass
class Verdict:
    status: Status
    diagnostics: list[Diagnostic] = field(default_factory=list)
    policy: list[str] = field(default_factory=list)
    expected_row_count: int = 0
    row_count: int | None = None
    elapsed_ms: float | None = None
    error: dict[str, object] | None = None

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]


class Grader:
    """Grades submissions with one engine; caches reference results per dataset version."""

    def __init__(self, engine: SqlEngine, cache_dir: Path | None = None) -> None:
        self.engine = engine
        self.cache_dir = cache_dir
        self._memory: dict[str, ResultSet] = {}

    def grade(self, reference: Reference, sql: str, dialect: str = "postgres") -> Verdict:
        """The verdict on `sql` as an answer to `reference`."""
        expected = self.expected(reference)
        verdict = Verdict(Status.CORRECT, [], reference.policy.describe(), len(expected.rows))
        try:
            result = self.engine.run(reference.dataset, sql, dialect=dialect)
        except SqlError as error:
            verdict.status = ERROR_STATUS.get(error.code, Status.REJECTED)
            verdict.error = error.to_dict()
            return verdict
        return _judge(verdict, expected, result, reference.policy)

    def expected(self, reference: Reference) -> ResultSet:
        """The reference result, from the cache when this dataset version has it."""
        key = self._cache_key(reference)
        if key not in self._memory:
            self._memory[key] = self._load(key) or self._compute(key, reference)
        return self._memory[key]

    def _cache_key(self, reference: Reference) -> str:
        info = self.engine.datasets[reference.dataset]
        text = f"{info.content_hash}\n{reference.dialect}\n{reference.sql}"
        return hashlib.sha256(text.encode()).hexdigest()

    def _load(self, key: str) -> ResultSet | None:
        path = self.cache_dir / f"{key}.pickle" if self.cache_dir else None
        if path is None or not path.exists():
            return None
        loaded: ResultSet = pickle.loads(path.read_bytes())
        return loaded

    def _compute(self, key: str, reference: Reference) -> ResultSet:
        result = self.engine.run(reference.dataset, reference.sql, dialect=reference.dialect)
        expected = as_result_set(result)
        if self.cache_dir:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = self.cache_dir / f"{key}.tmp"
            temporary.write_bytes(pickle.dumps(expected))
            temporary.replace(self.cache_dir / f"{key}.pickle")
        return expected


def as_result_set(result: QueryResult) -> ResultSet:
    columns = result.columns
    return ResultSet([c.name for c in columns], list(result.rows), tuple(c.type for c in columns))


def _judge(
    verdict: Verdict, expected: ResultSet, result: QueryResult, policy: GradingPolicy
) -> Verdict:
    verdict.row_count, verdict.elapsed_ms = len(result.rows), result.elapsed_ms
    if result.truncated:
        verdict.status = Status.TOO_MANY_ROWS
        verdict.diagnostics = [_too_many(len(expected.rows), len(result.rows))]
        return verdict
    verdict.diagnostics = diagnose(expected, as_result_set(result), policy)
    verdict.status = Status.INCORRECT if verdict.diagnostics else Status.CORRECT
    return verdict


def _too_many(expected: int, cap: int) -> Diagnostic:
    message = f"Your query returned more than {cap:,} rows; the answer has {expected:,}."
    return Diagnostic("too_many_rows", message, [])


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    """A JSON-ready form of a verdict."""
    return {
        "status": str(verdict.status),
        "diagnostics": [d.__dict__ for d in verdict.diagnostics],
        "policy": verdict.policy,
        "expected_row_count": verdict.expected_row_count,
        "row_count": verdict.row_count,
        "elapsed_ms": verdict.elapsed_ms,
        "error": verdict.error,
    }
