"""The grader on the data-driven cases of tests/fixtures/index/: every equivalent spelling is
accepted, every wrong index is refused with exactly its findings (and, where a case lists them,
with messages that say, or never say, those words), and an answer that is not one CREATE INDEX
is rejected saying what is expected. A case file's `[question.columns]` gives the table's
column types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.kinds.index.columns import text_columns
from app.kinds.index.grader import grade_index
from app.kinds.outcome import Outcome
from tests.kinds.index.support import CASE_FILES, load_cases, question_for


def _cases(section: str) -> list[Any]:
    params = []
    for path in CASE_FILES:
        cases = load_cases(path)
        for number, case in enumerate(cases.get(section, []), start=1):
            params.append(pytest.param(path, case, id=f"{path.stem}-{section}-{number}"))
    return params


def _graded(path: Path, sql: str) -> Outcome:
    question = load_cases(path)["question"]
    types = question.get("columns", {})
    columns = [{"name": name, "type": kind} for name, kind in types.items()]
    built = question_for(question["query"], question["accept"])
    return grade_index(built, sql, text_columns(columns))


@pytest.mark.parametrize(("path", "case"), _cases("accepted"))
def test_equivalent_index_is_correct(path: Path, case: dict[str, Any]) -> None:
    outcome = _graded(path, case["sql"])
    assert outcome.details["findings"] == []
    assert (outcome.status, outcome.score, outcome.missed) == ("correct", 1.0, [])


@pytest.mark.parametrize(("path", "case"), _cases("rejected"))
def test_wrong_index_has_its_findings(path: Path, case: dict[str, Any]) -> None:
    outcome = _graded(path, case["sql"])
    found = outcome.details["findings"]
    assert sorted(f["code"] for f in found) == sorted(case["findings"])
    messages = " ".join(f["message"] for f in found)
    assert all(part in messages for part in case.get("says", [])), messages
    assert not any(part in messages for part in case.get("never_says", [])), messages
    assert (outcome.status, outcome.score, outcome.missed) == ("incorrect", 0.0, ["indexes"])
    assert all(f["part"] and f["message"].endswith(".") for f in found)


@pytest.mark.parametrize(("path", "case"), _cases("not_an_index"))
def test_other_statement_is_rejected(path: Path, case: dict[str, Any]) -> None:
    depth = case.get("nested", 0)
    sql = case.get("sql") or f"CREATE INDEX ON t ({'(' * depth}a{')' * depth})"
    outcome = _graded(path, sql)
    assert (outcome.status, outcome.score) == ("rejected", 0.0)
    assert "expected one CREATE INDEX statement" in outcome.details["error"]


def test_every_case_file_has_both_kinds_of_case() -> None:
    for path in CASE_FILES:
        cases = load_cases(path)
        assert cases.get("accepted") and cases.get("rejected"), path.name
