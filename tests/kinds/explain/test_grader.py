"""Grading explain answers ask by ask (tests/fixtures/explain/grade_cases.toml), and what the
details reveal before and after solving."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.kinds.explain.answer import ExplainAnswer
from app.kinds.explain.grader import ExplainGrader
from app.kinds.explain.models import NodeSelector
from app.kinds.explain.plans import PlanLoader
from app.sqlengine.errors import QuestionBrokenError
from tests.kinds.explain.conftest import question

CASES = tomllib.loads((Path(__file__).parents[2] / "fixtures/explain/grade_cases.toml").read_text())


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["why"] for c in CASES["cases"]])
def test_grade(case: dict[str, Any], captured: PlanLoader) -> None:
    answer = ExplainAnswer.model_validate({"asks": case["answer"]})
    outcome = ExplainGrader(captured).grade(question(case["question"]), answer, client=None)
    assert outcome.status == case["status"]
    assert outcome.score == pytest.approx(case["score"])
    marks = {ask["id"]: ask["right"] for ask in outcome.details["asks"]}
    assert [ask_id for ask_id, ok in marks.items() if ok] == case["right"]
    assert list(outcome.missed) == [ask_id for ask_id, ok in marks.items() if not ok]
    assert outcome.details["unknown_asks"] == case.get("unknown", [])


def test_answers_are_revealed_only_once_solved(captured: PlanLoader) -> None:
    grader = ExplainGrader(captured)
    subject = question("explain-test-orders-by-country")
    wrong = grader.grade(subject, ExplainAnswer(asks={"hot": "0"}), client=None)
    assert all(set(ask) == {"id", "right"} for ask in wrong.details["asks"])
    right = ExplainAnswer(asks={"hot": "0.0.0", "build": "customers", "rows": 12000})
    solved = grader.grade(subject, right, client=None)
    assert solved.solved
    assert solved.details["asks"][2] == {
        "id": "rows",
        "right": True,
        "answer": 12000.0,
        "explanation": "8000 of the 20000 orders are removed by the filter.",
    }


def test_a_missing_capture_breaks_the_question(tmp_path: Path) -> None:
    with pytest.raises(QuestionBrokenError, match="no capture file"):
        ExplainGrader(PlanLoader(None, tmp_path)).grade(
            question("explain-test-sort-on-disk"), ExplainAnswer(asks={}), client=None
        )


def test_a_probe_without_an_answer_breaks_the_question(captured: PlanLoader) -> None:
    subject = question("explain-test-sort-on-disk")
    ask = subject.asks[0].model_copy(update={"node": NodeSelector(operator="Hash")})
    broken = subject.model_copy(update={"asks": [ask]})
    with pytest.raises(QuestionBrokenError, match="matches 0 nodes"):
        ExplainGrader(captured).grade(broken, ExplainAnswer(asks={}), client=None)


def test_the_strict_answer_model() -> None:
    with pytest.raises(ValueError):
        ExplainAnswer.model_validate({"asks": {"rows": True}})
    with pytest.raises(ValueError):
        ExplainAnswer.model_validate({"asks": {"a": 1, "b": 2, "c": 3, "d": 4}})
