"""An isolation question loads only when its steps are consistent and every ask has exactly one
right option among distinct ones: cases from model_cases.toml change the fixture question."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from app.kinds.isolation.models import IsolationQuestion
from tests.kinds.isolation.conftest import cases, question_data

CASES = cases("model_cases.toml")


def changed(case: dict[str, Any]) -> dict[str, Any]:
    data = question_data()
    data.update(case.get("set", {}))
    if "outcome_step" in case:
        data["steps"][case["outcome_step"] - 1]["outcome"] = case["outcome"]
    if "ask" in case:
        ask = data["asks"][case["ask"] - 1]
        ask["options"] = case.get("options", ask["options"])
        ask["step"] = case.get("step", ask["step"])
        ask["id"] = case.get("ask_id", ask["id"])
    return data


def test_the_fixture_question_loads(question: IsolationQuestion) -> None:
    assert [ask.id for ask in question.asks] == ["b-update", "final"]
    assert question.right_option(question.asks[0]) == (
        "blocks until step 4 (A's COMMIT), then returns (2)"
    )


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_broken_question_does_not_load(case: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as raised:
        IsolationQuestion.model_validate(changed(case))
    assert case["error"] in str(raised.value)
