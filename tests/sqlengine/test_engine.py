"""The engine end to end: validation, translation and execution in worker processes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import SqlError


def _rows(engine: SqlEngine, sql: str) -> list[tuple[object, ...]]:
    return engine.run("shop", sql).rows


def test_runs_a_query_with_postgres_column_names(engine: SqlEngine) -> None:
    result = engine.run("shop", "SELECT city, count(*) FROM customers GROUP BY city ORDER BY city")
    assert [c.name for c in result.columns] == ["city", "count"]
    assert result.rows == [("Oslo", 2), ("Rome", 1), (None, 1)]
    assert not result.truncated and result.elapsed_ms > 0


def test_integer_division_truncates_like_postgres(engine: SqlEngine) -> None:
    assert _rows(engine, "SELECT 7 / 2, -7 / 2, sum(qty) / count(*) FROM orders") == [(3, -3, 2)]


def test_division_by_zero_is_an_error_like_postgres(engine: SqlEngine) -> None:
    with pytest.raises(SqlError, match="division by zero") as error:
        _rows(engine, "SELECT id / (qty - qty) FROM orders WHERE qty IS NOT NULL")
    assert error.value.code == "sql_runtime_error"


def test_desc_puts_nulls_first_like_postgres(engine: SqlEngine) -> None:
    assert _rows(engine, "SELECT qty FROM orders ORDER BY qty DESC") == [(None,), (4,), (3,), (1,)]


def test_group_by_primary_key_allows_dependent_columns(engine: SqlEngine) -> None:
    sql = (
        "SELECT c.id, c.name, count(o.id) FROM customers c LEFT JOIN orders o "
        "ON o.customer_id = c.id GROUP BY c.id ORDER BY c.id"
    )
    assert _rows(engine, sql) == [(1, "Ada", 2), (2, "Bo", 1), (3, "Cy", 0), (4, "Di", 1)]


def test_fetch_with_ties_keeps_tied_rows(engine: SqlEngine) -> None:
    sql = "SELECT name, price FROM products ORDER BY price DESC FETCH FIRST 1 ROWS WITH TIES"
    assert sorted(_rows(engine, sql)) == [("ink", Decimal("7.00")), ("pad", Decimal("7.00"))]


def test_set_returning_function_in_select(engine: SqlEngine) -> None:
    assert _rows(engine, "SELECT generate_series(1, 3)") == [(1,), (2,), (3,)]


def test_to_char_pads_month_names_like_postgres(engine: SqlEngine) -> None:
    sql = (
        "SELECT to_char(placed_at, 'Month YYYY'), to_char(placed_at, 'FMMonth') "
        "FROM orders WHERE id = 2"
    )
    assert _rows(engine, sql) == [("February  2024", "February")]


def test_interval_arithmetic(engine: SqlEngine) -> None:
    sql = (
        "SELECT placed_at + interval '1 day', extract(epoch FROM placed_at - "
        "timestamp '2024-01-31 00:00:00') FROM orders WHERE id = 1"
    )
    assert _rows(engine, sql) == [(dt.datetime(2024, 2, 1, 23, 59, 59), 86399)]


def test_row_cap_sets_truncated(engine: SqlEngine) -> None:
    result = engine.run("shop", "SELECT * FROM generate_series(1, 1000)")
    assert len(result.rows) == 50 and result.truncated


def test_duckdb_dialect_runs_unchanged(engine: SqlEngine) -> None:
    assert engine.run("shop", "SELECT 7 / 2", dialect="duckdb").rows == [(3.5,)]


def test_runtime_errors_keep_duckdb_message(engine: SqlEngine) -> None:
    with pytest.raises(SqlError, match="nope") as error:
        _rows(engine, "SELECT nope FROM customers")
    assert error.value.code == "sql_runtime_error"


def test_unknown_dataset(engine: SqlEngine) -> None:
    with pytest.raises(SqlError) as error:
        engine.run("nothere", "SELECT 1")
    assert error.value.code == "unknown_dataset"


def test_runtime_errors_point_into_the_candidate_sql(engine: SqlEngine) -> None:
    with pytest.raises(SqlError) as error:
        engine.run("shop", "SELECT id,\n       nmae\nFROM customers")
    assert error.value.position is not None
    assert (error.value.position.line, error.value.position.col) == (2, 8)
    assert "LINE 1" not in error.value.message  # DuckDB's excerpt of the translated query


def test_runtime_errors_point_at_the_culprit_not_the_suggestions(engine: SqlEngine) -> None:
    sql = "SELECT c.name\nFROM customers c\nWHERE c.nmae = 'x'"
    with pytest.raises(SqlError) as error:
        engine.run("shop", sql)
    assert error.value.position is not None, error.value.message
    assert (error.value.position.line, error.value.position.col) == (3, 9)
    assert ": :" not in error.value.message


def test_group_by_error_gives_postgres_advice_only(engine: SqlEngine) -> None:
    with pytest.raises(SqlError) as error:
        engine.run("shop", "SELECT city, name FROM customers GROUP BY city")
    assert "GROUP BY" in error.value.message and "ANY_VALUE" not in error.value.message


def test_exists_with_an_empty_select_list(engine: SqlEngine) -> None:
    sql = (
        "SELECT id FROM customers c "
        "WHERE NOT EXISTS (SELECT FROM orders o WHERE o.customer_id = c.id)"
    )
    assert _rows(engine, sql) == [(3,)]


def test_date_differences_are_integers_and_divide_as_integers(engine: SqlEngine) -> None:
    sql = "SELECT (DATE '2024-03-01' - DATE '2024-01-01') / 7, DATE '2024-03-01' - '2024-01-01'"
    assert _rows(engine, sql) == [(8, 60)]


def test_interval_average_rounds_like_postgres(engine: SqlEngine) -> None:
    sql = (
        "SELECT avg(d), sum(d) FROM (VALUES (interval '1 day 10 hours'), "
        "(interval '2 days 3 hours'), (interval '1 month')) AS v(d)"
    )
    # PostgreSQL 15: avg = '11 days 04:20:00', sum = '1 mon 3 days 13:00:00'
    assert _rows(engine, sql) == [
        (dt.timedelta(days=11, hours=4, minutes=20), dt.timedelta(days=33, hours=13))
    ]


EXACT_NUMERIC_CASES = [
    # (query, PostgreSQL 15's answer): numeric arithmetic is exact, so half-way values round up
    (
        "SELECT round(2.675 / 1, 2), round(1.005 * 100 / 100, 2)",
        [(Decimal("2.68"), Decimal("1.01"))],
    ),
    ("SELECT round(avg(price + 0.005), 2) FROM products WHERE id = 1", [(Decimal("2.51"),)]),
    (
        "SELECT round(avg(extract(epoch FROM t - timestamp '2024-01-01') / 3600), 2) "
        "FROM (VALUES (timestamp '2024-01-02 14:10:30'), (timestamp '2024-01-01 10:00:00')) "
        "AS v(t)",
        [(Decimal("24.09"),)],
    ),
    ("SELECT count(*)::numeric FROM customers", [(Decimal("4"),)]),
    ("SELECT round(2.5::float8), round(2.5)", [(2.0, Decimal("3"))]),
]


@pytest.mark.parametrize(("sql", "expected"), EXACT_NUMERIC_CASES)
def test_numeric_arithmetic_is_exact_like_postgres(
    engine: SqlEngine, sql: str, expected: list[tuple[object, ...]]
) -> None:
    assert _rows(engine, sql) == expected


def test_round_of_a_double_to_decimals_is_rejected_like_postgres(engine: SqlEngine) -> None:
    with pytest.raises(SqlError, match="round\\(x::numeric, 2\\)") as error:
        _rows(engine, "SELECT round(price::float8, 1) FROM products")
    assert error.value.code == "sql_unsupported"


@pytest.mark.parametrize(
    ("sql", "words", "where"),
    [
        ("SELEC * FROM customers", "'SELEC' is not a keyword", (1, 1)),
        ("-- first try\n  selct 1", "'selct' is not a keyword", (2, 3)),
        ("SELECT 1 *", "something is missing here", (1, 10)),
    ],
)
def test_syntax_errors_speak_plainly(
    engine: SqlEngine, sql: str, words: str, where: tuple[int, int]
) -> None:
    with pytest.raises(SqlError) as error:
        engine.run("shop", sql)
    assert error.value.code == "sql_syntax_error" and words in error.value.message
    assert "<class" not in error.value.message and "sqlglot" not in error.value.message
    assert error.value.position is not None
    assert (error.value.position.line, error.value.position.col) == where
