"""The built-in datasets: their metadata is complete and matches what DuckDB stores."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable

import duckdb
import pytest

from app.catalog import DatasetInfo, load_dataset_info
from tests.catalog.support import BUILTIN_PARAMS, DATASETS_DIR

Builtin = Callable[[str], DatasetInfo]

# (dataset, table) -> (at least, at most) rows
ROW_COUNTS = {
    ("shop", "customers"): (2_000, 2_000),
    ("shop", "products"): (300, 300),
    ("shop", "orders"): (20_000, 20_000),
    ("shop", "order_items"): (50_000, 60_000),
    ("shop", "payments"): (20_000, 25_000),
    ("shop", "refunds"): (1_000, 4_000),
    ("events", "users"): (20_000, 20_000),
    ("events", "sessions"): (130_000, 170_000),
    ("events", "events"): (1_000_000, 1_300_000),
    ("ledger", "accounts"): (5_000, 5_000),
    ("ledger", "transfers"): (55_000, 65_000),
    ("ledger", "ledger_entries"): (100_000, 130_000),
    ("ledger", "idempotency_keys"): (30_000, 50_000),
    ("ledger", "webhook_deliveries"): (20_000, 50_000),
    ("org", "departments"): (12, 12),
    ("org", "employees"): (500, 500),
    ("org", "salary_history"): (1_800, 2_500),
}


@pytest.mark.parametrize("name", BUILTIN_PARAMS)
def test_tables_are_those_expected(builtin: Builtin, name: str) -> None:
    expected = {table for dataset, table in ROW_COUNTS if dataset == name}
    assert builtin(name).table_names() == expected


@pytest.mark.parametrize("name", BUILTIN_PARAMS)
def test_row_counts_are_in_range(builtin: Builtin, name: str) -> None:
    for table in builtin(name).tables:
        low, high = ROW_COUNTS[(name, table.name)]
        assert low <= table.row_count <= high, table.name


@pytest.mark.parametrize("name", BUILTIN_PARAMS)
def test_every_table_has_a_primary_key_and_comments(builtin: Builtin, name: str) -> None:
    for table in builtin(name).tables:
        assert table.primary_key, table.name
        assert table.comment, table.name
        uncommented = [column.name for column in table.columns if not column.comment]
        assert uncommented == [], table.name


@pytest.mark.parametrize("name", BUILTIN_PARAMS)
def test_foreign_keys_point_at_keys_of_existing_tables(builtin: Builtin, name: str) -> None:
    info = builtin(name)
    for table in info.tables:
        for key in table.foreign_keys:
            target = info.table(key.ref_table)
            assert set(key.ref_columns) <= set(target.column_names())
            assert set(key.columns) <= set(table.column_names())


@pytest.mark.parametrize(
    ("name", "table", "columns"),
    [
        ("shop", "order_items", ["order_id", "line_no"]),
        ("org", "salary_history", ["employee_id", "effective_from"]),
        ("ledger", "idempotency_keys", ["idempotency_key", "request_hash"]),
        ("ledger", "transfers", ["transfer_id"]),
    ],
)
def test_primary_keys_are_read_back(
    builtin: Builtin, name: str, table: str, columns: list[str]
) -> None:
    assert builtin(name).table(table).primary_key == columns


@pytest.mark.parametrize(
    ("name", "table", "ref_table"),
    [
        ("shop", "orders", "customers"),
        ("shop", "refunds", "payments"),
        ("org", "employees", "employees"),
        ("ledger", "ledger_entries", "transfers"),
        pytest.param("events", "events", "sessions", marks=pytest.mark.slow),
    ],
)
def test_foreign_keys_are_read_back(
    builtin: Builtin, name: str, table: str, ref_table: str
) -> None:
    assert ref_table in {key.ref_table for key in builtin(name).table(table).foreign_keys}


@pytest.mark.parametrize("name", BUILTIN_PARAMS)
def test_metadata_matches_the_duckdb_file(builtin: Builtin, name: str) -> None:
    info = builtin(name)
    with duckdb.connect(str(info.path), read_only=True) as conn:
        for table in info.tables:
            described = conn.execute(f'DESCRIBE "{table.name}"').fetchall()
            assert [(row[0], row[1]) for row in described] == [
                (column.name, column.type) for column in table.columns
            ]
            (count,) = conn.execute(f'SELECT count(*) FROM "{table.name}"').fetchone() or (0,)
            assert count == table.row_count


@pytest.mark.parametrize("name", BUILTIN_PARAMS)
def test_sidecar_is_what_the_build_returned(builtin: Builtin, name: str) -> None:
    info = builtin(name)
    assert load_dataset_info(info.path.parent, name) == info


def test_column_types_are_the_duckdb_spelling(builtin: Builtin) -> None:
    types = {column.type for table in builtin("shop").tables for column in table.columns}
    assert types == {"INTEGER", "VARCHAR", "DECIMAL(10,2)", "DATE", "TIMESTAMP", "BOOLEAN"}


@pytest.mark.parametrize("name", ["events", "ledger", "org", "shop"])
def test_generators_use_the_standard_library_only(name: str) -> None:
    tree = ast.parse((DATASETS_DIR / name / "generate.py").read_text("utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0
    }
    assert imported <= set(sys.stdlib_module_names)


@pytest.mark.parametrize("name", ["events", "ledger", "org", "shop"])
def test_dataset_folders_are_complete(name: str) -> None:
    files = {path.name for path in (DATASETS_DIR / name).iterdir() if path.is_file()}
    assert {"dataset.toml", "schema.sql", "generate.py", "README.md"} <= files
