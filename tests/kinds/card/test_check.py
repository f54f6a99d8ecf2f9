"""The content checks of cards, case by case from tests/fixtures/cards/check_cases.toml."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from pydantic import ValidationError

from app.kinds.card.check import DeckChecker, spoken_words
from app.kinds.card.models import CardQuestion
from tests.kinds.card.conftest import CARDS

CASES: list[dict[str, Any]] = tomllib.loads((CARDS / "check_cases.toml").read_text())["case"]


def _changed(deck: dict[str, CardQuestion], case: dict[str, Any]) -> CardQuestion:
    change = dict(case["change"])
    if "repeat" in case:
        change["model_answer"] = change["model_answer"] * case["repeat"]
    return CardQuestion.model_validate({**deck[case["card"]].model_dump(), **change})


def _problem_fields(
    deck: dict[str, CardQuestion], card: CardQuestion, known_tags: dict[str, str]
) -> list[str]:
    """The fields of the problems found in `card` after the rest of the deck was checked."""
    checker = DeckChecker(known_tags)
    for other in deck.values():
        if other.id != card.id:
            assert checker(other, CARDS / "deck" / "postgresql.toml") == []
    found = checker(card, CARDS / "changed.toml")
    assert all(problem.field.startswith(f"{card.id}: ") and problem.reason for problem in found)
    return [problem.field.removeprefix(f"{card.id}: ") for problem in found]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_card_checks(
    case: dict[str, Any], deck: dict[str, CardQuestion], known_tags: dict[str, str]
) -> None:
    if "invalid" in case:
        with pytest.raises(ValidationError) as error:
            _changed(deck, case)
        assert {str(e["loc"][0]) for e in error.value.errors()} == {case["invalid"]}
        return
    card = _changed(deck, case)
    assert sorted(_problem_fields(deck, card, known_tags)) == sorted(case["expect"])


def test_the_spoken_length_counts_words_not_dashes_or_arrows() -> None:
    assert spoken_words("Reads -> cache — then the database, 40 ms p99.") == 8


def test_a_key_point_problem_names_the_point(
    deck: dict[str, CardQuestion], known_tags: dict[str, str]
) -> None:
    case = next(c for c in CASES if c["name"] == "a key point the model answer never states")
    found = DeckChecker(known_tags)(_changed(deck, case), CARDS / "changed.toml")
    assert "key point 4 ('A circuit breaker stops calls to a sick service')" in found[0].reason
