"""The index kind's content checks: the bank's questions pass them, and each broken variant in
tests/fixtures/index/check/cases.toml is caught with the field it names."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.kinds.index.check import IndexChecker
from app.kinds.index.models import IndexQuestion
from tests.kinds.index.support import BANK, bank_questions

CASES = tomllib.loads((Path(__file__).parents[2] / "fixtures/index/check/cases.toml").read_text())
BASE = "index-latest-transfers"


def test_the_bank_has_the_eight_drills_and_they_pass() -> None:
    questions = bank_questions()
    assert len(questions) == 8
    check = IndexChecker(BANK / "captures")
    for question in questions.values():
        assert check(question, Path(f"{question.id}.toml")) == [], question.id


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_broken_content_is_caught(case: dict[str, Any], tmp_path: Path) -> None:
    base = bank_questions()[BASE]
    question = IndexQuestion.model_validate({**base.model_dump(), **case.get("change", {})})
    captures = _captures_copy(tmp_path, base, case)
    problems = IndexChecker(captures)(question, Path("broken.toml"))
    assert any(p.field == case["field"] and case["reason"] in p.reason for p in problems), problems


def _captures_copy(tmp_path: Path, base: IndexQuestion, case: dict[str, Any]) -> Path:
    """The base question's two captures copied, then corrupted or removed as the case says."""
    plans = tmp_path / "plans"
    plans.mkdir()
    names = {"before": base.before, "after": base.after}
    for name in names.values():
        shutil.copy(BANK / "captures" / "plans" / f"{name}.json", plans)
    if case.get("slow_after_plan"):
        _plan_of_before_into_after(plans / f"{base.before}.json", plans / f"{base.after}.json")
    for which in case.get("corrupt", []):
        (plans / f"{names[which]}.json").write_text("{ not json")
    for which in case.get("remove", []):
        (plans / f"{names[which]}.json").unlink()
    return tmp_path


def _plan_of_before_into_after(before: Path, after: Path) -> None:
    recorded = json.loads(after.read_text())
    recorded["plan"] = json.loads(before.read_text())["plan"]
    after.write_text(json.dumps(recorded))
