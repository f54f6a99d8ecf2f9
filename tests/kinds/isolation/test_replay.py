"""Every stored interleaving, replayed on the local PostgreSQL, does what its capture recorded:
the proof that the drills state PostgreSQL 15's behaviour. Lock waits are read from pg_locks by
the runner, so the replay does not depend on the machine's speed. Also: the runner refuses a
scenario that cannot be run as written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from app.kinds.isolation.captures import load_capture
from app.kinds.isolation.runner import Connect, ScenarioError, run_scenario
from app.kinds.isolation.scenario import Scenario
from app.settings import PROJECT_ROOT
from tests.catalog.support import postgres_or_skip
from tests.kinds.isolation.conftest import CAPTURES

STORED = sorted((PROJECT_ROOT / "question_bank" / "captures" / "isolation").glob("*.json"))
DATABASE = "drill_isolation_replay"  # not the capture script's own database


@pytest.fixture(scope="module")
def connect() -> Iterator[Connect]:
    with postgres_or_skip() as admin:
        admin.autocommit = True
        name = sql.Identifier(DATABASE)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
        dsn = make_conninfo(admin.info.dsn, dbname=DATABASE)
    yield lambda: psycopg.connect(dsn, autocommit=True)


def test_there_are_stored_captures() -> None:
    assert len(STORED) >= 9


@pytest.mark.parametrize("path", STORED, ids=[path.stem for path in STORED])
def test_a_stored_capture_replays_the_same(path: Path, connect: Connect) -> None:
    capture = load_capture(path)
    outcomes = run_scenario(capture.interleaving().scenario(), connect)
    assert outcomes == [step.outcome for step in capture.steps]


def test_the_fixture_capture_replays_the_same(connect: Connect) -> None:
    capture = load_capture(CAPTURES / "fixture-blocked-update.json")
    assert run_scenario(capture.interleaving().scenario(), connect) == [
        step.outcome for step in capture.steps
    ]


def scenario(*statements: tuple[str, str]) -> Scenario:
    return Scenario.model_validate(
        {
            "setup": "CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL);\n"
            "INSERT INTO t VALUES (1, 0);",
            "sessions": {
                "A": {"isolation": "read committed"},
                "B": {"isolation": "read committed"},
            },
            "statements": [{"session": s, "sql": text} for s, text in statements],
        }
    )


BROKEN: list[tuple[Any, str]] = [
    (
        scenario(
            ("A", "BEGIN"),
            ("A", "UPDATE t SET n = 1"),
            ("B", "UPDATE t SET n = 2"),
            ("B", "SELECT 1"),
            ("A", "COMMIT"),
        ),
        "step 4: session B is still waiting on step 3",
    ),
    (
        scenario(("A", "BEGIN"), ("A", "UPDATE t SET n = 1"), ("B", "UPDATE t SET n = 2")),
        "still waiting at the end: step 3",
    ),
    (scenario(("A", "SELECT NULL"), ("B", "SELECT 1")), "select integers, text or booleans"),
]


@pytest.mark.parametrize(("broken", "message"), BROKEN, ids=["busy", "left-waiting", "null"])
def test_a_scenario_that_cannot_run_is_refused(
    broken: Scenario, message: str, connect: Connect
) -> None:
    with pytest.raises(ScenarioError, match=message):
        run_scenario(broken, connect)
