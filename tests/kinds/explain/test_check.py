"""`drill bank check` for explain questions: the fixture bank is sound, and each broken variant
of tests/fixtures/explain/check_cases.toml reports its one problem."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.catalog.models import DatasetInfo
from app.kinds.explain.check import check_question
from app.kinds.explain.models import ExplainQuestion
from app.kinds.explain.plans import PlanLoader
from app.sqlengine.engine import SqlEngine
from tests.kinds.explain.conftest import BANK, question

CASES = tomllib.loads((Path(__file__).parents[2] / "fixtures/explain/check_cases.toml").read_text())
SOURCE = Path("question.toml")


@pytest.fixture(scope="module")
def live(built_datasets: dict[str, DatasetInfo]) -> Iterator[PlanLoader]:
    with SqlEngine(built_datasets, workers=1) as engine:
        yield PlanLoader(engine, BANK / "captures")


def changed(case: dict[str, Any]) -> ExplainQuestion:
    """The case's question with its changes ("none" removes a field)."""
    document = question(case["question"]).model_dump(exclude_none=True)
    if "plan" in case:
        document["plan"] = case["plan"]
    if "ask" in case:
        ask = document["asks"][case["ask"]] | case["changes"]
        document["asks"][case["ask"]] = {k: v for k, v in ask.items() if v != "none"}
    return ExplainQuestion.model_validate(document)


def test_the_fixture_bank_is_sound(live: PlanLoader) -> None:
    for question_id in ("explain-test-orders-by-country", "explain-test-sort-on-disk"):
        assert check_question(question(question_id), live, SOURCE) == []
    assert check_question(question("explain-test-live-join"), live, SOURCE) == []


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["why"] for c in CASES["cases"]])
def test_broken(case: dict[str, Any], live: PlanLoader) -> None:
    problems = check_question(changed(case), live, SOURCE)
    assert len(problems) == case.get("count", 1), problems
    assert any(case["problem"] in problem.reason for problem in problems), problems
