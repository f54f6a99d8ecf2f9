"""Built-in datasets, each built at most once per test session into a temporary directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from app.catalog import DatasetInfo, build_dataset
from tests.catalog.support import DATASETS_DIR, quiet

Rows = list[tuple[Any, ...]]


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("built")


@pytest.fixture(scope="session")
def builtin(built_dir: Path) -> Callable[[str], DatasetInfo]:
    """builtin(name) -> DatasetInfo, building the dataset on first use."""
    built: dict[str, DatasetInfo] = {}

    def get(name: str) -> DatasetInfo:
        if name not in built:
            built[name] = build_dataset(DATASETS_DIR / name, built_dir, progress=quiet)
        return built[name]

    return get


@pytest.fixture(scope="session")
def query(builtin: Callable[[str], DatasetInfo]) -> Iterator[Callable[[str, str], Rows]]:
    """query(dataset, sql) -> rows, on read-only connections kept for the session."""
    connections: dict[str, duckdb.DuckDBPyConnection] = {}

    def run(dataset: str, sql: str) -> Rows:
        if dataset not in connections:
            path = str(builtin(dataset).path)
            connections[dataset] = duckdb.connect(path, read_only=True)
        return connections[dataset].execute(sql).fetchall()

    yield run
    for connection in connections.values():
        connection.close()
