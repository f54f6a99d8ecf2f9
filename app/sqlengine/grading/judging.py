"""Grading inside the worker: compare a candidate's result with the cached reference result.

Comparing where the rows already are keeps big results off the process boundary (and off the
server's CPU): only the verdict and a few rows for display travel back.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.sqlengine.execution.results import ColumnMeta, Failure, QueryResult
from app.sqlengine.grading.compare import GradingPolicy, ResultSet
from app.sqlengine.grading.diagnose import Diagnostic, diagnose, extra_marks

MEMORY_CACHE_SIZE = 64
DISPLAY_ROWS = 100
REFERENCE_FAILED = "The reference solution failed"

RunQuery = Callable[[str], QueryResult | Failure]


@dataclass(frozen=True)
class ReferenceSpec:
    """The reference query in DuckDB SQL, the key of its cached result, its column names."""

    key: str
    sql: str
    column_names: tuple[str, ...]
    cache_dir: Path | None


@dataclass(frozen=True)
class GradeJob:
    dataset: str
    sql: str
    column_names: tuple[str, ...]
    reference: ReferenceSpec
    policy: GradingPolicy
    max_rows: int


@dataclass
class Judgement:
    """The verdict's facts: what differs, and the candidate's first rows for display.
    `cached`: the same answer was judged before and this is that judgement."""

    diagnostics: list[Diagnostic]
    result: QueryResult
    row_count: int
    expected_row_count: int
    expected_columns: list[str] = field(default_factory=list)
    row_marks: list[str | None] = field(default_factory=list)  # per shown row: "extra" or None
    cached: bool = False


def as_result_set(result: QueryResult) -> ResultSet:
    columns = result.columns
    return ResultSet([c.name for c in columns], list(result.rows), tuple(c.type for c in columns))


def named(result: QueryResult, names: tuple[str, ...] | list[str]) -> QueryResult:
    """The result with PostgreSQL's column names, when translation knows them."""
    if len(names) != len(result.columns):
        return result
    columns = [ColumnMeta(n, c.type) for n, c in zip(names, result.columns, strict=True)]
    return dataclasses.replace(result, columns=columns)


class ReferenceCache:
    """Reference results by key: in memory (most recent first), then on disk, then computed."""

    def __init__(self) -> None:
        self._memory: OrderedDict[str, ResultSet] = OrderedDict()

    def get(self, spec: ReferenceSpec, run: RunQuery) -> ResultSet | Failure:
        if spec.key in self._memory:
            self._memory.move_to_end(spec.key)
            return self._memory[spec.key]
        found = load_reference(spec.cache_dir, spec.key) or self._compute(spec, run)
        if isinstance(found, ResultSet):
            self._remember(spec.key, found)
        return found

    def _compute(self, spec: ReferenceSpec, run: RunQuery) -> ResultSet | Failure:
        outcome = run(spec.sql)
        if isinstance(outcome, Failure):
            return Failure(outcome.kind, f"{REFERENCE_FAILED}: {outcome.message}")
        if outcome.truncated:
            return Failure("runtime", f"{REFERENCE_FAILED}: it returns more rows than the cap.")
        expected = as_result_set(named(outcome, spec.column_names))
        save_reference(spec.cache_dir, spec.key, expected)
        return expected

    def _remember(self, key: str, result: ResultSet) -> None:
        self._memory[key] = result
        if len(self._memory) > MEMORY_CACHE_SIZE:
            self._memory.popitem(last=False)


def judge(job: GradeJob, run: RunQuery, references: ReferenceCache) -> Judgement | Failure:
    """Run the candidate's query and compare it with the reference result."""
    expected = references.get(job.reference, run)
    if isinstance(expected, Failure):
        return expected
    outcome = run(job.sql)
    if isinstance(outcome, Failure):
        return outcome
    result = named(outcome, job.column_names)
    diagnostics = (
        [_too_many(len(expected.rows), len(result.rows))]
        if result.truncated
        else diagnose(expected, as_result_set(result), job.policy)
    )
    shown = QueryResult(
        result.columns, result.rows[:DISPLAY_ROWS], result.truncated, result.elapsed_ms
    )
    marks = _marks(expected, result, job.policy) if diagnostics else []
    return Judgement(
        diagnostics, shown, len(result.rows), len(expected.rows), list(expected.columns), marks
    )


def _marks(expected: ResultSet, result: QueryResult, policy: GradingPolicy) -> list[str | None]:
    """Which shown rows are not expected; none when the shapes differ or rows were cut off."""
    if result.truncated or len(result.columns) != len(expected.columns):
        return []
    return extra_marks(expected.rows, list(result.rows), policy.tolerance, DISPLAY_ROWS)


def _too_many(expected: int, cap: int) -> Diagnostic:
    message = f"Your query returned more than {cap:,} rows; the answer has {expected:,}."
    return Diagnostic("too_many_rows", message, [])


def load_reference(cache_dir: Path | None, key: str) -> ResultSet | None:
    """The stored reference result; None when there is none, or when the file does not load
    as one (cut short, or pickled by another layout): it is then computed and stored again."""
    path = cache_dir / f"{key}.pickle" if cache_dir else None
    if path is None or not path.exists():
        return None
    try:
        loaded = pickle.loads(path.read_bytes())
    except Exception:  # unpickling raises whatever the damaged bytes or missing classes cause
        return None
    return loaded if isinstance(loaded, ResultSet) else None


def save_reference(cache_dir: Path | None, key: str, result: ResultSet) -> None:
    """Write atomically: workers and the server may race to store the same reference."""
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f"{key}.{os.getpid()}.tmp"
    temporary.write_bytes(pickle.dumps(result))
    temporary.replace(cache_dir / f"{key}.pickle")
