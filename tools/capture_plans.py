"""Capture PostgreSQL query plans for the explain and index questions.

Recreates the database `drill_plans`, loads the built-in datasets the scenarios need (one
schema each, see tools/plan_datasets.py), then runs every `[[scenarios]]` of
question_bank/captures/plans.toml and writes question_bank/captures/plans/<name>.json: the plan
of `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`, the query, the setup (with the ANALYZE statements
the script ran), the settings, the statistics of the columns the query uses, `SELECT version()`
and the date, in the format app/plans/capture.py reads (docs/explain-format.md).

A scenario's setup runs in a transaction that is rolled back once the plan is taken, so its
indexes, settings and derived tables never reach the next scenario; tables whose rows it
changed are vacuumed and analysed again afterwards. Connects with libpq defaults; the host
defaults to the local socket directory.

Usage: .venv/bin/python -m tools.capture_plans [--only NAME ...] (from the project root)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from pydantic import BaseModel, ConfigDict

from app.plans.capture import PlanCapture
from tools.plan_datasets import Connection, load_dataset, recreate_database
from tools.plan_statistics import query_tables, read_settings, read_statistics

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "question_bank" / "captures"
DATABASE = "drill_plans"
HOST = os.environ.get("PGHOST", "/var/run/postgresql")
# Fixed for every scenario (a scenario's setup may change them, inside its transaction).
SESSION_SETTINGS = (
    "SET max_parallel_workers_per_gather = 0",  # one process: plans without Gather nodes
    "SET jit = off",  # no JIT timings mixed into the executor's
    "SET random_page_cost = 1.1",  # an SSD-backed server's usual setting
    "SET effective_cache_size = '4GB'",
    "SET work_mem = '4MB'",
    "SET TimeZone = 'UTC'",
)

# Rows this backend wrote per table, counting what it has not yet reported: PostgreSQL 15 keeps
# a backend's counts pending for up to a second, so they may still hold an earlier transaction's
# (the load's) writes. The setup's writes are the growth across it.
_WRITES_SQL = """
SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables
WHERE schemaname = %s
"""
_STALE_SQL = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' AND (
  NOT EXISTS (SELECT FROM pg_statistic s WHERE s.starelid = c.oid)
  OR c.oid IN (SELECT indrelid FROM pg_index
               WHERE indexprs IS NOT NULL AND xmin = pg_current_xact_id()::xid)
  OR c.oid IN (SELECT stxrelid FROM pg_statistic_ext WHERE xmin = pg_current_xact_id()::xid))
ORDER BY c.relname
"""


class Scenario(BaseModel):
    """One `[[scenarios]]` entry: what to set up and which query to explain."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    dataset: str
    description: str
    setup: list[str] = []
    analyze: bool = True  # ANALYZE what the setup made stale (False: stale statistics or none)
    query: str


def read_scenarios(path: Path) -> list[Scenario]:
    entries = tomllib.loads(path.read_text("utf-8")).get("scenarios", [])
    scenarios = [Scenario.model_validate(entry) for entry in entries]
    names = [scenario.name for scenario in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: scenario names must be unique")
    return scenarios


def select(scenarios: list[Scenario], only: Sequence[str]) -> list[Scenario]:
    unknown = sorted(set(only) - {scenario.name for scenario in scenarios})
    if unknown:
        raise SystemExit(f"no scenario named {', '.join(unknown)}")
    return [scenario for scenario in scenarios if not only or scenario.name in only]


def connect(dbname: str) -> Connection:
    return psycopg.connect(host=HOST, dbname=dbname, autocommit=True)


def capture(conn: Connection, scenario: Scenario) -> PlanCapture:
    """Run the scenario in a rolled-back transaction; return its capture."""
    conn.execute(sql.SQL("SET search_path = {}").format(sql.Identifier(scenario.dataset)))
    with conn.transaction(force_rollback=True):
        setup = _set_up(conn, scenario)
        explain = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + scenario.query
        row = conn.execute(explain.encode()).fetchone()
        result = _describe(conn, scenario, setup, row[0] if row else None)
        written = _written_tables(conn, scenario.dataset)
    for table in written:  # the setup's own tables are gone with the rollback
        if _exists(conn, scenario.dataset, table):
            target = sql.Identifier(scenario.dataset, table)
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(target))
    return result


def _set_up(conn: Connection, scenario: Scenario) -> list[str]:
    """Run the setup, then ANALYZE the query's tables whose statistics it made stale (unless
    told not to); return the statements that ran."""
    before = _writes(conn, scenario.dataset)
    for statement in scenario.setup:
        conn.execute(statement.encode())
    written = {t for t, n in _writes(conn, scenario.dataset).items() if n > before.get(t, 0)}
    stale = written | set(_stale_tables(conn, scenario.dataset)) if scenario.analyze else set()
    analyze = [f"ANALYZE {t}" for t in query_tables(conn, scenario.query) if t in stale]
    for statement in analyze:
        conn.execute(statement.encode())
    return [*scenario.setup, *analyze]


def _writes(conn: Connection, schema: str) -> dict[str, int]:
    return {str(name): int(count) for name, count in conn.execute(_WRITES_SQL, [schema])}


def _stale_tables(conn: Connection, schema: str) -> list[str]:
    """Tables whose statistics do not describe them after the setup besides those it wrote:
    never analysed, or given an expression index or a statistics object (which ANALYZE fills).
    Other tables keep the statistics of the load, so a scenario's before and after plans read
    the same ones."""
    rows = conn.execute(_STALE_SQL, [schema]).fetchall()
    return [str(name) for (name,) in rows]


def _describe(conn: Connection, scenario: Scenario, setup: list[str], plan: Any) -> PlanCapture:
    """The capture file's content (validated: it is what the explain and index questions read)."""
    version = conn.execute("SELECT version()").fetchone()
    return PlanCapture.model_validate(
        {
            "scenario": scenario.name,
            "description": scenario.description,
            "dataset": scenario.dataset,
            "setup": setup,
            "query": scenario.query,
            "settings": read_settings(conn),
            "version": version[0] if version else "unknown",
            "captured_at": dt.datetime.now(dt.UTC).date().isoformat(),
            "statistics": read_statistics(conn, scenario.dataset, scenario.query),
            "plan": plan,
        }
    )


def _written_tables(conn: Connection, schema: str) -> list[str]:
    """Tables this transaction wrote rows to: a rollback leaves the dead rows in their files."""
    rows = conn.execute(
        "SELECT relname FROM pg_stat_xact_user_tables"
        " WHERE schemaname = %s AND n_tup_ins + n_tup_upd + n_tup_del > 0",
        [schema],
    ).fetchall()
    return sorted(str(name) for (name,) in rows)


def _exists(conn: Connection, schema: str, table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{table}"']).fetchone()
    return bool(row and row[0])


def write_capture(out_dir: Path, capture: PlanCapture) -> Path:
    path = out_dir / f"{capture.scenario}.json"
    text = json.dumps(capture.model_dump(mode="json"), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", "utf-8")
    return path


def run(scenarios: list[Scenario], out_dir: Path, database: str) -> list[Path]:
    """Load the datasets the scenarios need into a fresh database and capture each one."""
    with connect("postgres") as admin:
        recreate_database(admin, database)
    out_dir.mkdir(parents=True, exist_ok=True)
    with connect(database) as conn:
        for dataset in sorted({scenario.dataset for scenario in scenarios}):
            load_dataset(conn, dataset)
        for statement in SESSION_SETTINGS:
            conn.execute(statement)
        return [write_capture(out_dir, capture(conn, scenario)) for scenario in scenarios]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument("--scenarios", type=Path, default=CAPTURES / "plans.toml")
    parser.add_argument("--out", type=Path, default=CAPTURES / "plans")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args(argv)
    scenarios = select(read_scenarios(args.scenarios), args.only)
    for path in run(scenarios, args.out, args.database):
        print(f"captured {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
