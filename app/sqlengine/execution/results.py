"""What a query worker sends and returns (plain data, pickled across the process boundary)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ColumnMeta:
    name: str
    type: str


@dataclass
class QueryResult:
    """Rows of a query, capped at the row limit (`truncated` says whether more existed).
    `cached`: the rows come from the result cache; `elapsed_ms` is then the time of the run
    that produced them."""

    columns: list[ColumnMeta]
    rows: list[tuple[Any, ...]]
    truncated: bool
    elapsed_ms: float
    cached: bool = False


@dataclass(frozen=True)
class Job:
    dataset: str
    sql: str
    max_rows: int


@dataclass(frozen=True)
class Failure:
    """A query that failed inside the worker: `kind` is 'runtime', 'timeout' or 'resource'."""

    kind: str
    message: str
