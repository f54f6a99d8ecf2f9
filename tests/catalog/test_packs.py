"""Pack datasets: a real pg_dump and the same data as CSV files build the same tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from app.catalog import DatasetInfo, build_from_csv, build_from_pg_dump
from tests.catalog.support import (
    CSV_DATA,
    CSV_SCHEMA,
    DUMP,
    DUMP_WITH_OWNER,
    postgres_or_skip,
    quiet,
)

ROW_COUNTS = {
    "authors": 40,
    "books": 120,
    "customers": 200,
    "genres": 10,
    "order_items": 1200,
    "orders": 600,
}
FOREIGN_KEYS = {
    "authors": set(),
    "books": {("author_id", "authors"), ("genre_id", "genres")},
    "customers": set(),
    "genres": {("parent_genre_id", "genres")},
    "order_items": {("order_id", "orders"), ("book_id", "books")},
    "orders": {("customer_id", "customers")},
}
BUILDS = ["dump", "dump_with_owner", "csv"]


def _build(kind: str, out_dir: Path) -> DatasetInfo:
    if kind == "csv":
        return build_from_csv(
            "bookstore", "Bookstore", "A bookshop.", CSV_SCHEMA, CSV_DATA, out_dir, progress=quiet
        )
    dump = DUMP if kind == "dump" else DUMP_WITH_OWNER
    return build_from_pg_dump(
        "bookstore", "Bookstore", "A bookshop.", dump, out_dir, progress=quiet
    )


@pytest.fixture(scope="module", params=BUILDS)
def pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> DatasetInfo:
    return _build(request.param, tmp_path_factory.mktemp(request.param))


def _rows(info: DatasetInfo, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(info.path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_tables_and_row_counts(pack: DatasetInfo) -> None:
    assert {table.name: table.row_count for table in pack.tables} == ROW_COUNTS


def test_primary_keys_including_composite(pack: DatasetInfo) -> None:
    assert pack.table("order_items").primary_key == ["order_id", "book_id"]
    assert pack.table("genres").primary_key == ["genre_id"]
    assert all(table.primary_key for table in pack.tables)


def test_foreign_keys_including_self_reference(pack: DatasetInfo) -> None:
    for table in pack.tables:
        found = {(key.columns[0], key.ref_table) for key in table.foreign_keys}
        assert found == FOREIGN_KEYS[table.name], table.name


def test_unique_constraints_are_kept(pack: DatasetInfo) -> None:
    rows = _rows(
        pack,
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'UNIQUE' ORDER BY table_name",
    )
    assert rows == [("books", ["isbn"]), ("genres", ["name"])]


def test_comments_and_types(pack: DatasetInfo) -> None:
    customers = pack.table("customers")
    assert customers.comment == "Registered shoppers; some never placed an order."
    email = customers.columns[1]
    assert email.comment == "NULL when never given, empty string when cleared by the customer."
    types = {c.name: c.type for c in pack.table("books").columns}
    assert types["price"] == "DECIMAL(8,2)"
    assert types["in_print"] == "BOOLEAN"
    assert types["isbn"] == "VARCHAR"
    assert {c.name: c.type for c in customers.columns}["signed_up_at"] == "TIMESTAMP"


def test_null_and_empty_string_stay_apart(pack: DatasetInfo) -> None:
    counts = "SELECT count(*) FILTER (WHERE {c} IS NULL), count(*) FILTER (WHERE {c} = '') FROM {t}"
    assert _rows(pack, counts.format(c="email", t="customers")) == [(22, 13)]
    assert _rows(pack, counts.format(c="note", t="orders")) == [(564, 12)]


def test_awkward_strings_survive(pack: DatasetInfo) -> None:
    titles = _rows(pack, "SELECT title FROM books WHERE book_id IN (3, 4) ORDER BY book_id")
    assert titles == [("Collected Poems\nVolume II",), ("Semicolons; a -- short /* guide */",)]
    names = _rows(pack, "SELECT full_name FROM authors WHERE author_id <= 2 ORDER BY author_id")
    assert names == [("Siobhán O'Brien",), ('Jean "Le Rat" Dupont',)]


def test_values_keep_their_types(pack: DatasetInfo) -> None:
    row = _rows(pack, "SELECT price, published_on, in_print FROM books WHERE book_id = 3")
    assert row[0][0] == Decimal("19.00")
    assert str(row[0][1]) == "1991-01-29"
    assert row[0][2] is True


def test_every_form_of_the_pack_stores_the_same_data(tmp_path: Path) -> None:
    hashes = {kind: _build(kind, tmp_path / kind).content_hash for kind in BUILDS}
    assert len(set(hashes.values())) == 1, hashes


def test_the_dump_builds_what_postgresql_holds(pack: DatasetInfo) -> None:
    """source.sql run in a real PostgreSQL (then rolled back) gives exactly the same rows."""
    source = (DUMP.parent / "source.sql").read_text("utf-8")
    with postgres_or_skip() as pg, pg.transaction(force_rollback=True):
        pg.execute("CREATE SCHEMA bookstore_check")
        pg.execute("SET LOCAL search_path = bookstore_check")
        pg.execute(source)
        for table in ROW_COUNTS:
            expected = pg.execute(f"SELECT * FROM {table}").fetchall()
            assert sorted(_rows(pack, f"SELECT * FROM {table}"), key=repr) == sorted(
                (tuple(row) for row in expected), key=repr
            ), table


def test_rebuilding_an_unchanged_pack_is_skipped(tmp_path: Path) -> None:
    first = _build("dump", tmp_path)
    seen: list[str] = []
    again = build_from_pg_dump(
        "bookstore", "Bookstore", "A bookshop.", DUMP, tmp_path, progress=seen.append
    )
    assert again == first
    assert seen == ["bookstore: up to date (sources unchanged), not rebuilt"]


def test_a_new_title_rebuilds_the_pack(tmp_path: Path) -> None:
    first = _build("dump", tmp_path)
    again = build_from_pg_dump("bookstore", "Books", "A bookshop.", DUMP, tmp_path, progress=quiet)
    assert again.source_hash != first.source_hash
    assert again.title == "Books"
    assert again.content_hash == first.content_hash
