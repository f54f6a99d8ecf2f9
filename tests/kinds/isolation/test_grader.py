"""Isolation answers graded case by case from grader_cases.toml: the share of asks right, the
right options and explanations revealed only once all are right."""

from __future__ import annotations

from typing import Any

import pytest

from app.kinds.isolation.answer import IsolationAnswer
from app.kinds.isolation.grader import IsolationGrader
from app.kinds.isolation.models import IsolationQuestion
from tests.kinds.isolation.conftest import cases

CASES = cases("grader_cases.toml")


def answer_of(question: IsolationQuestion, case: dict[str, Any]) -> IsolationAnswer:
    asks = {ask.id: ask for ask in question.asks}
    chosen = {key: question.option_texts(asks[key])[n - 1] for key, n in case["choose"].items()}
    return IsolationAnswer(asks={**chosen, **case.get("text", {})})


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_an_answer_is_marked(case: dict[str, Any], question: IsolationQuestion) -> None:
    outcome = IsolationGrader().grade(question, answer_of(question, case), client=None)
    marks = {mark["id"]: mark for mark in outcome.details["asks"]}
    assert [key for key, mark in marks.items() if mark["right"]] == case["right"]
    assert outcome.status == case["status"]
    assert outcome.score == pytest.approx(len(case["right"]) / len(question.asks))
    assert outcome.details["unknown_asks"] == case.get("unknown", [])
    not_offered = [key for key, mark in marks.items() if not mark["offered"]]
    assert not_offered == case.get("not_offered", [k for k in marks if k not in case["choose"]])
    revealed = [key for key, mark in marks.items() if "answer" in mark or "explanation" in mark]
    assert revealed == (list(marks) if outcome.solved else [])
    assert list(outcome.missed) == ([] if outcome.solved else question.topics)


def test_a_solved_answer_reveals_each_right_option(question: IsolationQuestion) -> None:
    texts = [question.right_option(ask) for ask in question.asks]
    answer = IsolationAnswer(asks={ask.id: t for ask, t in zip(question.asks, texts, strict=True)})
    outcome = IsolationGrader().grade(question, answer, client=None)
    assert outcome.solved
    assert [mark["answer"] for mark in outcome.details["asks"]] == texts
    assert [m["explanation"] for m in outcome.details["asks"]] == [
        ask.explanation for ask in question.asks
    ]
