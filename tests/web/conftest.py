"""An application over the built-in datasets per test module, each with its own SQLite state
file (the datasets are built once per session, in `built_datasets`); a module that asks for
`clock` runs its app on a manual clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.clock import ManualClock
from app.main import create_app
from app.settings import Settings
from app.web.deps import get_clock

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # where a module's manual clock starts


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    state = tmp_path_factory.mktemp("state") / "drill.sqlite3"
    # A limit far above any query these tests send: on a busy machine an answer lowered in
    # priority after 250 ms must not be timed out (no test here is about the time limit).
    return Settings(
        database_url=f"sqlite:///{state}", max_body_bytes=64 * 1024, query_timeout_s=60.0
    )


@pytest.fixture(scope="module")
def app(settings: Settings, built_datasets: dict[str, DatasetInfo]) -> FastAPI:
    """The module's application (its lifespan runs in `client`, or in a served app)."""
    return create_app(settings)


@pytest.fixture(scope="module")
def clock(app: FastAPI) -> ManualClock:
    """The module's server clock, standing at START until a test moves it: deadlines,
    lateness and time left all follow it. Rounds started at one instant tie on their start
    time, so a test that starts several and cares which is newest moves the clock between."""
    manual = ManualClock(START)
    app.dependency_overrides[get_clock] = manual.now
    return manual


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def readme() -> str:
    return (Path(__file__).parents[2] / "README.md").read_text()
