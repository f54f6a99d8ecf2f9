"""The `drill` command as people and scripts use it: output shapes and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.catalog.models import DatasetInfo
from app.cli import main

QUESTION = """
kind = "sql"
id = "headcount"
title = "Headcount"
dataset = "org"
difficulty = "easy"
topics = ["aggregation"]
time_budget_minutes = 2
prompt = "How many employees are there?"
hints = ["count(*)"]
explanation = "One row with the count."

[solution]
sql = "SELECT count(*) FROM employees"
"""


@pytest.fixture(autouse=True)
def datasets(built_datasets: dict[str, DatasetInfo]) -> None:
    """Every CLI test runs against the built-in datasets."""


def test_sql_run_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "run", "--dataset", "org", "--json", "SELECT 7 / 2 AS half"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["columns"] == ["half"] and out["rows"] == [[3]]
    assert out["truncated"] is False and out["elapsed_ms"] >= 0


def test_sql_run_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "run", "--dataset", "org", "SELECT 'a' AS x, NULL AS y"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("|")[0].strip() == "x" and "NULL" in lines[2]
    assert lines[-1].startswith("(1 row, ")


def test_sql_run_table_counts_rows_in_plural(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "run", "--dataset", "org", "SELECT 1 AS x UNION ALL SELECT 2"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("(2 rows, ")


def test_sql_run_error_json_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "run", "--dataset", "org", "--json", "DELETE FROM employees"]) != 0
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "sql_forbidden_statement" and error["line"] == 1


def test_sql_run_error_text_points_at_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "run", "--dataset", "org", "SELECT *\nFROM employes"]) != 0
    err = capsys.readouterr().err
    assert "sql_unknown_table" in err and "line 2, column 6" in err and "employees" in err


def test_grade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "headcount.toml").write_text(QUESTION)
    monkeypatch.setenv("DRILL_BANK_DIR", str(tmp_path))
    assert main(["grade", "headcount", "SELECT count(employee_id) FROM employees"]) == 0
    assert "verdict: correct" in capsys.readouterr().out
    assert main(["grade", "headcount", "--json", "SELECT count(manager_id) FROM employees"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["status"] == "incorrect"
    assert [d["code"] for d in verdict["diagnostics"]] == ["missing_rows", "extra_rows"]


def test_grade_unknown_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "no-such-question", "SELECT 1"]) != 0
    assert "no-such-question" in capsys.readouterr().err


def test_bank_show_prints_the_prompt_and_the_grading_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "headcount.toml").write_text(QUESTION)
    monkeypatch.setenv("DRILL_BANK_DIR", str(tmp_path))
    assert main(["bank", "show", "headcount"]) == 0
    out = capsys.readouterr().out
    assert "How many employees are there?" in out and "Row order does not matter." in out
    assert main(["bank", "show", "nope"]) == 2


def test_a_long_query_leaves_no_traceback_at_exit() -> None:
    """A query past the runaway threshold retires its worker; the replacement started in the
    background must not outlive the command (it printed the fork server's traceback)."""
    sql = "SELECT count(*) FROM generate_series(1, 100000000000000)"  # hours: stopped at 0.5 s
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "sql", "run", "--dataset", "shop", sql],
        env={**os.environ, "DRILL_QUERY_TIMEOUT_S": "0.5"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "sql_timeout" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr
