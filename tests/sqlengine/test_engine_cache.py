"""Results and verdicts of deterministic queries come from the cache, and say so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.catalog.models import DatasetInfo
from app.sandbox.admission import TooManyQueries
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import SqlError
from app.sqlengine.execution.connection import Limits
from app.sqlengine.grading.compare import GradingPolicy
from app.sqlengine.grading.verdict import Grader, Reference, Status

NAMES = Reference("shop", "SELECT name FROM customers", "postgres", GradingPolicy())
CITIES = "SELECT city, count(*) FROM customers GROUP BY city ORDER BY city"


@pytest.fixture
def cached(shop: DatasetInfo) -> Iterator[SqlEngine]:
    limits = Limits(timeout_s=1.0, max_rows=50)
    with SqlEngine({"shop": shop}, workers=1, limits=limits, result_cache_bytes=1 << 20) as engine:
        yield engine


def test_a_repeated_query_is_answered_from_the_cache(cached: SqlEngine) -> None:
    first = cached.run("shop", CITIES)
    cached.pool.close()  # nothing can run any more: the second answer must come from the cache
    second = cached.run("shop", CITIES)
    assert not first.cached and second.cached
    assert (second.rows, second.columns) == (first.rows, first.columns)
    assert second.elapsed_ms == first.elapsed_ms  # the time of the run that produced the rows


def test_texts_that_translate_alike_share_an_entry(cached: SqlEngine) -> None:
    cached.run("shop", CITIES)
    assert cached.run("shop", CITIES.replace(" ", "\n  ")).cached


def test_a_different_row_cap_or_column_name_is_a_miss(cached: SqlEngine) -> None:
    cached.run("shop", CITIES)
    assert not cached.run("shop", CITIES, max_rows=1).cached
    renamed = cached.run("shop", CITIES.replace("count(*)", "count(*) AS n"))
    assert not renamed.cached and [c.name for c in renamed.columns] == ["city", "n"]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT now() AS t",
        "SELECT current_date - min(placed_at)::date FROM orders",
    ],
)
def test_queries_that_read_the_clock_always_run(cached: SqlEngine, sql: str) -> None:
    assert not cached.run("shop", sql).cached
    assert not cached.run("shop", sql).cached
    assert len(cached.cache) == 0


def test_errors_are_not_cached(cached: SqlEngine) -> None:
    sql = "SELECT id / (qty - qty) FROM orders WHERE qty IS NOT NULL"
    for _ in range(2):
        with pytest.raises(SqlError, match="division by zero"):
            cached.run("shop", sql)
    assert len(cached.cache) == 0


def test_a_new_dataset_version_is_a_miss(cached: SqlEngine, shop: DatasetInfo) -> None:
    cached.run("shop", CITIES)
    cached.datasets["shop"] = shop.model_copy(update={"content_hash": "test-v2"})
    assert not cached.run("shop", CITIES).cached
    assert cached.run("shop", CITIES).cached


def test_a_repeated_answer_gets_the_cached_verdict(cached: SqlEngine) -> None:
    grader = Grader(cached)
    wrong = "SELECT name FROM customers WHERE city = 'Oslo'"
    first, second = grader.grade(NAMES, wrong), grader.grade(NAMES, wrong)
    assert not first.cached and second.cached
    assert second.status == first.status == Status.INCORRECT
    assert (second.codes, second.row_count, second.expected_row_count) == (["missing_rows"], 2, 4)
    assert second.result is not None and second.result.rows == first.result.rows  # type: ignore[union-attr]


def test_the_verdict_depends_on_the_policy(cached: SqlEngine) -> None:
    grader = Grader(cached)
    sql = "SELECT upper(name) AS name FROM customers"
    grader.grade(NAMES, sql)
    tolerant = Reference(NAMES.dataset, NAMES.sql, NAMES.dialect, GradingPolicy(tolerance=0.5))
    assert not grader.grade(tolerant, sql).cached


def test_an_answer_that_reads_the_clock_is_graded_every_time(cached: SqlEngine) -> None:
    grader = Grader(cached)
    sql = "SELECT name FROM customers WHERE now() > '2000-01-01'"
    verdicts = [grader.grade(NAMES, sql) for _ in range(2)]
    assert [v.status for v in verdicts] == [Status.CORRECT] * 2
    assert not any(v.cached for v in verdicts)


def test_failed_answers_are_not_cached(cached: SqlEngine) -> None:
    grader = Grader(cached)
    verdicts = [grader.grade(NAMES, "SELECT nme FROM customers") for _ in range(2)]
    assert [v.status for v in verdicts] == [Status.ERROR] * 2 and len(cached.cache) == 0


def test_the_cache_is_off_by_default(engine: SqlEngine) -> None:
    engine.run("shop", CITIES)
    assert not engine.run("shop", CITIES).cached and len(engine.cache) == 0


def test_a_cached_answer_never_waits_for_a_worker(shop: DatasetInfo) -> None:
    """The one worker is taken and the client is at its share: a cached answer still comes."""
    limits = Limits(timeout_s=1.0, max_rows=50)
    with SqlEngine(
        {"shop": shop}, workers=1, limits=limits, result_cache_bytes=1 << 20, queries_per_client=1
    ) as engine:
        engine.run("shop", CITIES, client="a")
        held = engine.admission.enter("a")
        try:
            assert engine.run("shop", CITIES, client="a").cached
            with pytest.raises(TooManyQueries):
                engine.run("shop", CITIES + " LIMIT 3", client="a")
        finally:
            engine.admission.leave(held)
