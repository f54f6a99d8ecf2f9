"""Capture the isolation drills' interleavings from PostgreSQL 15.

Every question of question_bank/isolation/ holds its scenario (setup, sessions A and B, the
steps); this runs each on two real connections in the database `drill_isolation` (recreated)
and writes question_bank/captures/isolation/<capture>.json with the outcome of every step,
`SELECT version()` and the date. A question whose stated outcomes differ from its capture is
listed, with its steps as captured, ready to paste. Connects with libpq defaults (PGUSER,
PGPORT, ...); the host defaults to the local socket directory.

Usage (from the project root): .venv/bin/python -m tools.capture_isolation [capture-name ...]
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from app.kinds.isolation.captures import Capture, capture_path, capture_text
from app.kinds.isolation.runner import run_scenario
from app.kinds.isolation.scenario import Scenario, Step, StepOutcome

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "question_bank" / "isolation"
CAPTURES = ROOT / "question_bank" / "captures" / "isolation"
DATABASE = "drill_isolation"
HOST = os.environ.get("PGHOST", "/var/run/postgresql")


def connect(dbname: str) -> psycopg.Connection[tuple[Any, ...]]:
    return psycopg.connect(host=HOST, dbname=dbname, autocommit=True)


def recreate_database() -> str:
    """Drop and create the drill database; the server's version."""
    with connect("postgres") as conn:
        name = sql.Identifier(DATABASE)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        row = conn.execute("SELECT version()").fetchone()
    assert row is not None
    return str(row[0])


def scenarios() -> dict[str, tuple[Scenario, list[Path]]]:
    """Each capture name with its scenario and the questions that state it."""
    found: dict[str, tuple[Scenario, list[Path]]] = {}
    for path in sorted(QUESTIONS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        scenario = scenario_of(data)
        name = data["capture"]
        if name in found and found[name][0] != scenario:
            sys.exit(f"{path.name}: capture {name!r} is stated differently by another question")
        found.setdefault(name, (scenario, []))[1].append(path)
    return found


def scenario_of(data: dict[str, Any]) -> Scenario:
    statements = [{"session": s["session"], "sql": s["sql"]} for s in data["steps"]]
    return Scenario(setup=data["setup"], sessions=data["sessions"], statements=statements)


def capture(name: str, scenario: Scenario, version: str) -> Capture:
    outcomes = run_scenario(scenario, lambda: connect(DATABASE))
    steps = [
        Step(session=statement.session, sql=statement.sql, outcome=outcome)
        for statement, outcome in zip(scenario.statements, outcomes, strict=True)
    ]
    today = datetime.date.today().isoformat()
    return Capture(
        name=name,
        version=version,
        captured_at=today,
        setup=scenario.setup,
        sessions=scenario.sessions,
        steps=steps,
    )


def stated_outcomes(path: Path) -> list[StepOutcome | None]:
    steps = tomllib.loads(path.read_text(encoding="utf-8"))["steps"]
    return [StepOutcome.model_validate(s["outcome"]) if "outcome" in s else None for s in steps]


def steps_toml(capture: Capture) -> str:
    """The `[[steps]]` tables of a question, outcomes as captured."""
    blocks = []
    for step in capture.steps:
        outcome = step.outcome.model_dump(mode="json", exclude_defaults=True)
        blocks.append(
            f"[[steps]]\nsession = {json.dumps(step.session)}\nsql = {json.dumps(step.sql)}\n"
            f"outcome = {inline_table(outcome)}\n"
        )
    return "\n".join(blocks)


def inline_table(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {inline_table(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(inline_table(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def main(names: list[str]) -> None:
    version = recreate_database()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for name, (scenario, paths) in scenarios().items():
        if names and name not in names:
            continue
        captured = capture(name, scenario, version)
        capture_path(CAPTURES, name).write_text(capture_text(captured), encoding="utf-8")
        print(f"captured {name}")
        for path in paths:
            if stated_outcomes(path) != [step.outcome for step in captured.steps]:
                print(f"  {path.name} states other outcomes; as captured:\n{steps_toml(captured)}")


if __name__ == "__main__":
    main(sys.argv[1:])
