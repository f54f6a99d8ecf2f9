"""A typed answer graded for the card's key points, case by case from coverage_cases.toml."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from app.kinds.card.answer import CardAnswer
from app.kinds.card.grader import CardGrader
from app.kinds.card.models import CardQuestion
from tests.kinds.card.conftest import CARDS

CASES: list[dict[str, Any]] = tomllib.loads((CARDS / "coverage_cases.toml").read_text())["case"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_key_points_covered(case: dict[str, Any], deck: dict[str, CardQuestion]) -> None:
    card = deck[case["card"]]
    typed = card.model_answer if case["typed"] == "model answer" else case["typed"]
    outcome = CardGrader().grade(card, CardAnswer(typed=typed), client=None)
    texts = [point.text for point in card.key_points]
    covered = [texts[number - 1] for number in case["covered"]]
    assert outcome.details["covered"] == covered
    assert (
        outcome.details["missed"] == list(outcome.missed) == [t for t in texts if t not in covered]
    )
    assert outcome.status == "reviewed"
    assert outcome.score == pytest.approx(len(covered) / len(texts))


def test_an_answer_may_be_left_empty() -> None:
    assert CardAnswer.model_validate({}).typed == ""
