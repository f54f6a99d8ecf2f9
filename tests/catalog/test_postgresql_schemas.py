"""The built-in schemas are PostgreSQL DDL that a real PostgreSQL 15 accepts unchanged.

Each schema runs in a scratch schema inside a transaction that is rolled back. The test is
skipped when no local PostgreSQL accepts the connection.
"""

from __future__ import annotations

import pytest

from tests.catalog.support import DATASETS_DIR, postgres_or_skip


@pytest.mark.parametrize("name", ["events", "ledger", "org", "shop"])
def test_schema_runs_on_postgresql(name: str) -> None:
    schema = (DATASETS_DIR / name / "schema.sql").read_text("utf-8")
    with postgres_or_skip() as pg, pg.transaction(force_rollback=True):
        pg.execute(f"CREATE SCHEMA check_{name}")
        pg.execute(f"SET LOCAL search_path = check_{name}")
        pg.execute(schema)
        tables = pg.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
            [f"check_{name}"],
        ).fetchone()
        assert tables is not None and tables[0] >= 3
