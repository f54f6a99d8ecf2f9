"""The SQL engine's front door: validate, translate and run a query on a dataset.

`SqlEngine` owns the worker pool; everything above it (grading, the CLI, the web layer) calls
`run` and gets either a `QueryResult` or a `SqlError` with a stable code.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from app.catalog.models import DatasetInfo
from app.sandbox.admission import Admission
from app.sqlengine.cache import CacheKey, ResultCache
from app.sqlengine.errors import (
    QueryRuntimeError,
    QuestionBrokenError,
    SqlError,
    TooComplexError,
    UnknownDatasetError,
)
from app.sqlengine.execution.connection import Limits
from app.sqlengine.execution.results import QueryResult
from app.sqlengine.execution.workers import QueryWorkers
from app.sqlengine.grading.compare import GradingPolicy
from app.sqlengine.grading.judging import (
    REFERENCE_FAILED,
    GradeJob,
    Judgement,
    ReferenceSpec,
    named,
)
from app.sqlengine.plans import PROFILE_PREFIX, PlanCache, profile_of, profile_text
from app.sqlengine.translate.messages import in_candidate_terms
from app.sqlengine.translate.numerictext import refuse_text_of_unbounded_numeric
from app.sqlengine.translate.pgtypes import DatasetSchema
from app.sqlengine.translate.to_duckdb import Translation, translate
from app.sqlengine.translate.validate import validate_sql
from app.sqlengine.translate.volatility import is_deterministic

TRANSLATION_CACHE_SIZE = 1024
# A client is heavy once a query of its ran half the limit: on a busy machine an ordinary query
# can take a second, and a light client counted heavy would queue behind the abusers.
HEAVY_SHARE_OF_LIMIT = 0.5
Outcome = TypeVar("Outcome", QueryResult, Judgement)


@dataclass(frozen=True)
class Answer:
    """A query as written: where it runs, its text and its dialect."""

    dataset: str
    sql: str
    dialect: str = "postgres"


def dataset_schema(info: DatasetInfo) -> DatasetSchema:
    """Column types and primary keys of a dataset, as translation needs them."""
    return DatasetSchema(
        columns={t.name: {c.name: c.type for c in t.columns} for t in info.tables},
        primary_keys={t.name: t.primary_key for t in info.tables},
    )


class SqlEngine:
    """Runs candidate SQL on the datasets, safely and with PostgreSQL semantics.

    With `result_cache_bytes`, results and judgements of deterministic queries are kept: a
    dataset file never changes under its content hash, which is part of every key. Queries that
    must run wait for a worker in `admission`, fairly between clients, each client allowed
    `queries_per_client` at once (0: any number); a cached answer never waits.
    """

    def __init__(
        self,
        datasets: Mapping[str, DatasetInfo],
        *,
        workers: int = 2,
        limits: Limits | None = None,
        result_cache_bytes: int = 0,
        queries_per_client: int = 0,
    ) -> None:
        self.datasets = dict(datasets)
        self.cache = ResultCache(result_cache_bytes)
        self.plans = PlanCache()
        self._schemas = {name: dataset_schema(info) for name, info in self.datasets.items()}
        self._unbounded_numeric = {
            name: {c.name for t in info.tables for c in t.columns if c.postgres_type == "numeric"}
            for name, info in self.datasets.items()
        }
        self.pool = QueryWorkers(
            {name: info.path for name, info in self.datasets.items()}, size=workers, limits=limits
        )
        self.admission = Admission(
            workers,
            per_client=queries_per_client,
            long_after_s=self.pool.limits.timeout_s * HEAVY_SHARE_OF_LIMIT,
            retry_after_s=self.pool.limits.timeout_s,
        )
        self._translate = functools.lru_cache(maxsize=TRANSLATION_CACHE_SIZE)(
            self._translate_uncached
        )

    def run(
        self,
        dataset: str,
        sql: str,
        *,
        dialect: str = "postgres",
        allow_explain: bool = False,
        max_rows: int | None = None,
        client: str | None = None,
    ) -> QueryResult:
        """Validate, translate and execute `sql` as `client`'s query; raise SqlError with a
        stable code on failure, TooManyQueries when `client` is over its share."""
        self._dataset(dataset)
        translation = self._translate(dataset, sql, dialect, allow_explain)
        rows = max_rows or self.pool.limits.max_rows
        key = self._key("run", dataset, translation, str(rows))
        if (hit := self._cached(key, QueryResult)) is not None:
            return hit
        with self.admission.turn(client), _errors_in_candidate_terms(sql, dialect):
            result = named(
                self.pool.run(dataset, translation.sql, max_rows=rows), translation.column_names
            )
        self._store(key, result)
        return result

    def judge(
        self,
        answer: Answer,
        reference: Answer,
        *,
        policy: GradingPolicy,
        reference_key: str,
        cache_dir: Path | None,
        client: str | None = None,
    ) -> Judgement:
        """Grade `answer` against `reference` (both on the same dataset) inside a worker."""
        self._dataset(answer.dataset)
        candidate = self._translate(answer.dataset, answer.sql, answer.dialect, False)
        try:
            expected = self._translate(reference.dataset, reference.sql, reference.dialect, False)
        except SqlError as error:
            raise QuestionBrokenError(f"{REFERENCE_FAILED}: {error.message}") from None
        spec = ReferenceSpec(reference_key, expected.sql, tuple(expected.column_names), cache_dir)
        job = GradeJob(
            answer.dataset,
            candidate.sql,
            tuple(candidate.column_names),
            spec,
            policy,
            self.pool.limits.max_rows,
        )
        facts = (reference_key, expected.sql, repr(policy), str(job.max_rows))
        key = (
            self._key("judge", answer.dataset, candidate, *facts)
            if expected.deterministic
            else None
        )
        if (hit := self._cached(key, Judgement)) is not None:
            return hit
        with self.admission.turn(client), _errors_in_candidate_terms(answer.sql, answer.dialect):
            judgement = self.pool.grade(job)
        self._store(key, judgement)
        return judgement

    def explain_analyze(self, dataset: str, sql: str) -> dict[str, Any]:
        """DuckDB's profile of trusted content SQL (a question's own, not a candidate's: run
        as DuckDB SQL, unvalidated, in a worker on the dataset's read-only connection)."""
        key = (self._dataset(dataset).content_hash, sql)
        if (hit := self.plans.get(key)) is not None:
            return hit
        with self.admission.turn(None):
            result = self.pool.run(dataset, PROFILE_PREFIX + sql, max_rows=1)
        text = profile_text(result.rows)
        self.plans.put(key, text)
        return profile_of(text)

    def _key(self, kind: str, dataset: str, query: Translation, *more: str) -> CacheKey | None:
        """The cache key of a deterministic query's outcome; None when it must run every time."""
        if not query.deterministic:
            return None
        content = self.datasets[dataset].content_hash
        return (kind, content, query.sql, "\x1f".join(query.column_names), *more)

    def _cached(self, key: CacheKey | None, kind: type[Outcome]) -> Outcome | None:
        """A stored result or judgement, marked as coming from the cache; None on a miss."""
        hit = self.cache.get(key) if key else None
        return dataclasses.replace(hit, cached=True) if isinstance(hit, kind) else None

    def _store(self, key: CacheKey | None, outcome: QueryResult | Judgement) -> None:
        if key:
            self.cache.put(key, outcome)

    def _translate_uncached(
        self, dataset: str, sql: str, dialect: str, allow_explain: bool
    ) -> Translation:
        """The DuckDB SQL to run (a query is typically run, then submitted: hence the cache)."""
        tables = self.datasets[dataset].query_names()
        query = validate_sql(sql, dialect=dialect, tables=tables, allow_explain=allow_explain)
        deterministic = is_deterministic(query)  # before translation, which edits the tree
        if dialect == "postgres":
            refuse_text_of_unbounded_numeric(query.tree, self._unbounded_numeric[dataset])
        try:
            translation = translate(query, self._schemas[dataset], sql)
        except RecursionError:
            raise TooComplexError("The query nests too deeply to translate; flatten it.") from None
        if query.explain:
            return Translation("EXPLAIN " + translation.sql, translation.column_names)
        return dataclasses.replace(translation, deterministic=deterministic)

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> SqlEngine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _dataset(self, name: str) -> DatasetInfo:
        if name not in self.datasets:
            known = ", ".join(sorted(self.datasets))
            raise UnknownDatasetError(f"There is no dataset {name!r}; choose one of: {known}.")
        return self.datasets[name]


@contextmanager
def _errors_in_candidate_terms(sql: str, dialect: str) -> Iterator[None]:
    try:
        yield
    except SqlError as error:
        if error.message.startswith(REFERENCE_FAILED):
            raise QuestionBrokenError(error.message) from None
        if isinstance(error, QueryRuntimeError):
            raise in_candidate_terms(error, sql, dialect) from None
        raise
