"""Paths and parameters shared by the catalog tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETS_DIR = ROOT / "datasets"
PACKS_DIR = ROOT / "tests" / "fixtures" / "packs"
DUMP = PACKS_DIR / "pgdump_bookstore" / "dump.sql"
DUMP_WITH_OWNER = PACKS_DIR / "pgdump_bookstore" / "dump_with_owner.sql"
CSV_SCHEMA = PACKS_DIR / "csv_bookstore" / "schema.sql"
CSV_DATA = PACKS_DIR / "csv_bookstore" / "data"

# Building events takes several seconds: its cases are marked slow.
BUILTIN_PARAMS = [pytest.param("events", marks=pytest.mark.slow), "ledger", "org", "shop"]
SMALL_BUILTINS = ["ledger", "org", "shop"]


def quiet(_message: str) -> None:
    """A progress callback that prints nothing."""


def postgres_or_skip() -> Any:
    """A psycopg connection to the local PostgreSQL (`make postgres` starts one).

    Without one the test is skipped on a developer's machine, but fails in CI, where these
    tests must run.
    """
    import psycopg

    dsn = os.environ.get("DRILL_TEST_POSTGRES_DSN", "dbname=postgres connect_timeout=3")
    try:
        return psycopg.connect(dsn)
    except psycopg.Error as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs PostgreSQL for this test (tools/postgres-up.sh): {error}")
        pytest.skip(f"no PostgreSQL to compare with (run `make postgres`): {error}")


CLUB = PACKS_DIR / "pgdump_club"
CLUB_SEARCH_PATH = ["cd", "public"]
