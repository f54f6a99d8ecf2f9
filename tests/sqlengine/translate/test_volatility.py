"""Which queries depend only on the data (and may be cached), and which on the clock."""

from __future__ import annotations

import tomllib

import pytest
from sqlglot import exp

from app.sqlengine.translate.allowlist import EXAMPLES_FILE
from app.sqlengine.translate.validate import ValidatedQuery, validate_sql
from app.sqlengine.translate.volatility import is_deterministic

TABLES = {"orders", "t"}
VOLATILE = [
    "SELECT current_date",
    "SELECT current_timestamp",
    "SELECT now()",
    "SELECT age(placed_at) FROM orders",
    "SELECT id FROM orders WHERE placed_at > now() - interval '1 day'",
    "SELECT 'now'::timestamp",
    "SELECT CAST(' Today ' AS date)",
    "SELECT date 'tomorrow'",
    "WITH d AS (SELECT current_date AS day) SELECT day FROM d",
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM orders WHERE placed_at < current_timestamp)",
]
DETERMINISTIC = [
    "SELECT 1",
    "SELECT age(placed_at, '2024-01-01') FROM orders",
    "SELECT customer_id, sum(qty) OVER (ORDER BY placed_at) FROM orders",
    "SELECT 'now is the time' AS motto, date '2024-01-01'",
    "SELECT date_trunc('month', placed_at), count(*) FROM orders GROUP BY 1",
]


@pytest.mark.parametrize("dialect", ["postgres", "duckdb"])
@pytest.mark.parametrize("sql", VOLATILE)
def test_clock_dependent_queries_are_volatile(sql: str, dialect: str) -> None:
    assert not is_deterministic(validate_sql(sql, dialect=dialect, tables=TABLES))


@pytest.mark.parametrize("dialect", ["postgres", "duckdb"])
@pytest.mark.parametrize("sql", DETERMINISTIC)
def test_queries_over_the_data_only_are_deterministic(sql: str, dialect: str) -> None:
    assert is_deterministic(validate_sql(sql, dialect=dialect, tables=TABLES))


@pytest.mark.parametrize("dialect", ["postgres", "duckdb"])
def test_every_volatile_example_of_the_allow_list_is_volatile(dialect: str) -> None:
    examples = tomllib.loads(EXAMPLES_FILE.read_text())["volatile"]["examples"]
    for call in examples:
        query = validate_sql(f"SELECT {call} FROM t", dialect=dialect, tables=TABLES)
        assert not is_deterministic(query), call


def test_a_function_the_allow_list_does_not_know_is_volatile() -> None:
    query = validate_sql("SELECT abs(x) FROM t", dialect="postgres", tables=TABLES)
    query.tree.find(exp.Abs).replace(exp.Anonymous(this="lookup_rate", expressions=[]))  # type: ignore[union-attr]
    assert not is_deterministic(ValidatedQuery(query.tree, query.explain, query.dialect))
