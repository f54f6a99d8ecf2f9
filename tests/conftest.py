"""Shared fixtures: a small shop dataset built straight with DuckDB, and engines over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from app.catalog.build import build_builtin, load_all
from app.catalog.models import ColumnInfo, DatasetInfo, TableInfo
from app.settings import Settings
from app.sqlengine.engine import SqlEngine
from app.sqlengine.execution.connection import Limits

TABLES = {
    "customers": (
        "id INTEGER PRIMARY KEY, name VARCHAR, email VARCHAR, city VARCHAR",
        "(1, 'Ada', 'ada@x.io', 'Oslo'), (2, 'Bo', NULL, 'Rome'), (3, 'Cy', '', NULL), "
        "(4, 'Di', 'di@x.io', 'Oslo')",
    ),
    "products": (
        "id INTEGER PRIMARY KEY, name VARCHAR, price DECIMAL(10,2)",
        "(1, 'pen', 2.50), (2, 'ink', 7.00), (3, 'pad', 7.00)",
    ),
    "orders": (
        "id INTEGER PRIMARY KEY, customer_id INTEGER, placed_at TIMESTAMP, qty INTEGER",
        "(1, 1, '2024-01-31 23:59:59', 3), (2, 1, '2024-02-01 00:00:00', 4), "
        "(3, 2, '2024-12-31 12:00:00', NULL), (4, 4, '2025-01-01 00:00:00', 1)",
    ),
    "order_items": (
        "order_id INTEGER, product_id INTEGER, quantity INTEGER",
        "(1, 1, 2), (1, 2, 1), (2, 3, 5), (3, 1, 1), (4, 2, 2)",
    ),
}
KEYS = {"customers": ["id"], "products": ["id"], "orders": ["id"], "order_items": []}


def _build_shop(path: Path, copies: int) -> DatasetInfo:
    """The shop tables; with copies > 1 every table's rows repeat (new ids) to make it big."""
    with duckdb.connect(str(path)) as con:
        for name, (columns, rows) in TABLES.items():
            con.execute(f"CREATE TABLE {name} ({columns})")
            con.execute(f"INSERT INTO {name} VALUES {rows}")
            if copies > 1:
                _multiply(con, name, copies)
        tables = [_table(con, name) for name in TABLES]
    return DatasetInfo(
        name="shop",
        title="Shop",
        description="test",
        path=path,
        content_hash="test-v1",
        source_hash="test",
        tables=tables,
    )


def _multiply(con: duckdb.DuckDBPyConnection, name: str, copies: int) -> None:
    first = con.execute(f"DESCRIBE {name}").fetchall()[0][0]
    con.execute(f"CREATE TEMP TABLE seed AS SELECT * FROM {name}")
    con.execute(f"DELETE FROM {name}")
    con.execute(
        f"INSERT INTO {name} SELECT seed.* REPLACE ({first} + 1000 * n AS {first}) "
        f"FROM seed, range({copies}) r(n)"
    )
    con.execute("DROP TABLE seed")


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> DatasetInfo:
    return _build_shop(tmp_path_factory.mktemp("datasets") / "shop.duckdb", copies=1)


@pytest.fixture(scope="session")
def big_shop(tmp_path_factory: pytest.TempPathFactory) -> DatasetInfo:
    """About 1,000 rows a table: enough for cross joins to explode."""
    return _build_shop(tmp_path_factory.mktemp("datasets") / "shop.duckdb", copies=300)


@pytest.fixture(scope="session")
def big_engine(big_shop: DatasetInfo) -> Iterator[SqlEngine]:
    with SqlEngine({"shop": big_shop}, workers=2, limits=Limits(timeout_s=1.0)) as engine:
        yield engine


def _table(con: duckdb.DuckDBPyConnection, name: str) -> TableInfo:
    described = con.execute(f"DESCRIBE {name}").fetchall()
    columns = [ColumnInfo(name=c[0], type=c[1], nullable=c[2] == "YES") for c in described]
    return TableInfo(
        name=name,
        comment=None,
        columns=columns,
        primary_key=KEYS[name],
        foreign_keys=[],
        row_count=0,
    )


@pytest.fixture(scope="session")
def engine(shop: DatasetInfo) -> Iterator[SqlEngine]:
    with SqlEngine({"shop": shop}, workers=2, limits=Limits(timeout_s=1.0, max_rows=50)) as engine:
        yield engine


@pytest.fixture(scope="session")
def built_datasets() -> dict[str, DatasetInfo]:
    """The built-in datasets, built where the settings say (a no-op when they are up to date)."""
    settings = Settings()
    build_builtin(settings.datasets_dir, settings.built_datasets_dir, progress=lambda _: None)
    return load_all(settings.built_datasets_dir)
