"""An app over the built-in kinds plus the toy kinds (echo, and walk answered in sections),
per test module, with its own SQLite state file; `walk_clock` sets the server's clock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.catalog.models import DatasetInfo
from app.kinds.defaults import default_kinds
from app.main import create_app
from app.settings import Settings
from tests.clock_override import OffsetClock, server_clock
from tests.practice.toy_kind import ECHO, WALK

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank_kinds"
# Long past: a round started on this clock is never a running round on the real one.
T0 = datetime(2020, 2, 3, 10, 0, tzinfo=UTC)


def walk_settings(root: Path) -> Settings:
    """Settings over a bank of the SQL questions and the toy kinds', state in `root`."""
    if not (root / "bank").exists():
        shutil.copytree(Settings().bank_dir / "sql", root / "bank" / "sql")
        for kind in ("echo", "walk"):
            shutil.copytree(FIXTURES / kind, root / "bank" / kind)
    state = root / "state.sqlite3"
    return Settings(bank_dir=root / "bank", database_url=f"sqlite:///{state}", query_workers=1)


def walk_app(settings: Settings) -> FastAPI:
    return create_app(settings, kinds=default_kinds().with_kind(ECHO).with_kind(WALK))


@pytest.fixture(scope="module")
def walk_client(
    tmp_path_factory: pytest.TempPathFactory, built_datasets: dict[str, DatasetInfo]
) -> Iterator[TestClient]:
    settings = walk_settings(tmp_path_factory.mktemp("walk"))
    with TestClient(walk_app(settings)) as client:
        yield client


@pytest.fixture
def walk_clock(walk_client: TestClient) -> Iterator[OffsetClock]:
    with server_clock(walk_client, T0) as clock:
        yield clock
