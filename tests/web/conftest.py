"""An application over the built-in datasets, with its own SQLite state file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.main import create_app
from app.settings import Settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    state = tmp_path_factory.mktemp("state") / "drill.sqlite3"
    return Settings(database_url=f"sqlite:///{state}", max_body_bytes=64 * 1024)


@pytest.fixture(scope="session")
def client(settings: Settings, built_datasets: dict[str, DatasetInfo]) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def readme() -> str:
    return (Path(__file__).parents[2] / "README.md").read_text()
