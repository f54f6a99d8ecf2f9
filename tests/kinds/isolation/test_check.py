"""The content check proves a question states exactly what its capture recorded: the fixture
passes, each change of check_cases.toml is reported, and so is a missing capture. Every question
of the bank passes against the stored captures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.bank.loader import load_bank
from app.kinds.defaults import default_kinds
from app.kinds.isolation.check import IsolationChecker
from app.kinds.isolation.models import IsolationQuestion
from app.settings import PROJECT_ROOT
from tests.kinds.isolation.conftest import CAPTURES, QUESTION_FILE, cases

CASES = cases("check_cases.toml")
CAPTURE = CAPTURES / "fixture-blocked-update.json"
BANK = PROJECT_ROOT / "question_bank"


def changed_capture(case: dict[str, Any], folder: Path) -> Path:
    data = json.loads(CAPTURE.read_text(encoding="utf-8"))
    data.update(case.get("set", {}))
    if "outcome_step" in case:
        data["steps"][case["outcome_step"] - 1]["outcome"] = case["outcome"]
    if "sql_step" in case:
        data["steps"][case["sql_step"] - 1]["sql"] = case["sql"]
    (folder / CAPTURE.name).write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_the_fixture_agrees_with_its_capture(question: IsolationQuestion) -> None:
    assert IsolationChecker(CAPTURES)(question, QUESTION_FILE) == []


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_disagreeing_capture_is_reported(
    case: dict[str, Any], question: IsolationQuestion, tmp_path: Path
) -> None:
    problems = IsolationChecker(changed_capture(case, tmp_path))(question, QUESTION_FILE)
    assert [problem.field for problem in problems] == [case["field"]]


def test_a_missing_capture_is_reported(question: IsolationQuestion, tmp_path: Path) -> None:
    (problem,) = IsolationChecker(tmp_path)(question, QUESTION_FILE)
    assert (problem.field, problem.path) == ("capture", QUESTION_FILE)
    assert "no capture fixture-blocked-update.json" in problem.reason


def test_every_bank_question_states_its_capture() -> None:
    bank = load_bank(BANK, default_kinds().question_models())
    questions = [q for q in bank.questions.values() if isinstance(q, IsolationQuestion)]
    checker = IsolationChecker(BANK / "captures" / "isolation")
    assert len(questions) >= 9
    assert [p for q in questions for p in checker(q, bank.sources[q.id])] == []
