"""A real pg_dump with a schema other than public, unbounded numerics and a view builds, and
queries on it give PostgreSQL's answers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.catalog import DatasetInfo, build_from_pg_dump
from app.sqlengine.engine import SqlEngine
from app.sqlengine.errors import UnknownTableError, UnsupportedError
from tests.catalog.support import CLUB, CLUB_SEARCH_PATH, postgres_or_skip, quiet

NUMERIC_QUERIES = [
    line.rstrip(";")
    for line in (Path(__file__).parent / "club_numeric.sql").read_text("utf-8").splitlines()
    if line and not line.startswith("--")
]
SCHEMAS = {
    "members": "cd",
    "facilities": "cd",
    "bookings": "cd",
    "closures": "public",
    "facility_takings": "cd",
}


@pytest.fixture(scope="module")
def club(tmp_path_factory: pytest.TempPathFactory) -> DatasetInfo:
    out = tmp_path_factory.mktemp("club")
    dump = CLUB / "dump.sql"
    return build_from_pg_dump(
        "club", "Club", "", dump, out, search_path=CLUB_SEARCH_PATH, progress=quiet
    )


@pytest.fixture(scope="module")
def engine(club: DatasetInfo) -> Iterator[SqlEngine]:
    with SqlEngine({"club": club}, workers=1) as engine:
        yield engine


@pytest.fixture(scope="module")
def postgres() -> Iterator[Any]:
    """The club's source.sql in a real PostgreSQL, rolled back afterwards."""
    with postgres_or_skip() as pg, pg.transaction(force_rollback=True):
        pg.execute((CLUB / "source.sql").read_text("utf-8"))
        pg.execute("SET LOCAL search_path = cd, public")
        yield pg


def test_tables_keep_their_schema(club: DatasetInfo) -> None:
    assert {t.name: t.schema_name for t in club.tables} == SCHEMAS
    assert club.search_path == CLUB_SEARCH_PATH
    assert {"cd.members", "members", "public.closures", "closures"} <= club.query_names()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM cd.members",
        "SELECT count(*) FROM members",
        "SELECT count(cd.members.member_id) FROM cd.members",
        "SELECT count(*) FROM cd.members JOIN public.closures ON true WHERE false OR true",
    ],
)
def test_qualified_and_unqualified_names_read_the_table(engine: SqlEngine, sql: str) -> None:
    expected = 60 if "closures" in sql else 30
    assert engine.run("club", sql).rows == [(expected,)]


@pytest.mark.parametrize(
    "sql", ["SELECT * FROM public.members", "SELECT * FROM sales.members", "SELECT * FROM cd.x"]
)
def test_a_table_in_another_schema_is_refused(engine: SqlEngine, sql: str) -> None:
    with pytest.raises(UnknownTableError, match="There is no table"):
        engine.run("club", sql)


def test_unbounded_numeric_columns_hold_every_value_exactly(club: DatasetInfo) -> None:
    paid = club.table("bookings").columns[-1]
    fee = club.table("facilities").columns[-1]
    assert (paid.type, paid.postgres_type) == ("DECIMAL(5,3)", "numeric")
    assert (fee.type, fee.postgres_type) == ("DECIMAL(5,3)", "numeric")


@pytest.mark.parametrize("sql", NUMERIC_QUERIES)
def test_numeric_arithmetic_matches_postgresql(engine: SqlEngine, postgres: Any, sql: str) -> None:
    expected = [tuple(row) for row in postgres.execute(sql).fetchall()]
    found = engine.run("club", sql).rows
    assert found == expected
    assert [type(value) for value in found[0]] == [type(value) for value in expected[0]]


@pytest.mark.parametrize(
    "sql", ["SELECT paid::text FROM bookings", "SELECT 'EUR ' || hourly_fee FROM facilities"]
)
def test_text_of_an_unbounded_numeric_is_refused(engine: SqlEngine, sql: str) -> None:
    with pytest.raises(UnsupportedError, match="numeric without a declared scale"):
        engine.run("club", sql)


def test_a_scale_given_first_makes_text_postgresql_prints(engine: SqlEngine) -> None:
    sql = "SELECT paid::numeric(8,2)::text FROM bookings WHERE booking_id IN (2, 4) ORDER BY 1"
    assert engine.run("club", sql).rows == [("15.00",), ("9.38",)]


def test_the_view_is_a_table_of_kind_view(club: DatasetInfo) -> None:
    view = club.table("facility_takings")
    assert view.kind == "view" and view.row_count == 6
    assert view.column_names() == ["facility_id", "name", "bookings", "takings"]
    assert view.comment is not None and view.comment.startswith("Bookings and money")
    assert view.columns[-1].postgres_type == "numeric"  # a sum of the numeric paid


def test_the_view_returns_what_postgresql_returns(engine: SqlEngine, postgres: Any) -> None:
    sql = "SELECT * FROM cd.facility_takings ORDER BY facility_id"
    expected = [tuple(row) for row in postgres.execute(sql).fetchall()]
    assert engine.run("club", sql).rows == expected
    assert expected[0][3] == Decimal("542.500")
