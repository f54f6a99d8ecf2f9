"""A bank for the database-depth pages' tests: the built-in SQL questions beside the fixture
questions of tests/fixtures/dbdepth_bank/ (one folder per kind, linked, not copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dbdepth_bank"
ISOLATION_ID = "isolation-page-stock-decrement"


def dbdepth_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("dbdepth-state")
    bank = root / "bank"
    bank.mkdir()
    (bank / "sql").symlink_to(Settings().bank_dir / "sql")
    (bank / "captures").symlink_to(Settings().bank_dir / "captures")
    for kind in sorted(FIXTURES.iterdir()):
        (bank / kind.name).symlink_to(kind)
    return Settings(
        database_url=f"sqlite:///{root / 'drill.sqlite3'}",
        bank_dir=bank,
        max_body_bytes=64 * 1024,
        query_timeout_s=60.0,
    )
