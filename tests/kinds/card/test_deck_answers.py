"""Answers written for cards of the built-in decks, read as the review page reads a typed answer:
a strong answer in plain words covers the card's key points, and a confident mistake is not
credited with the points that warn against it (tests/fixtures/card_kind/deck_answers.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.bank.loader import load_questions
from app.kinds.card.coverage import coverage
from app.kinds.card.models import CardQuestion
from app.settings import PROJECT_ROOT

ANSWERS_FILE = Path(__file__).parents[2] / "fixtures" / "card_kind" / "deck_answers.toml"
ANSWERS: dict[str, list[dict[str, Any]]] = tomllib.loads(ANSWERS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built_in() -> dict[str, CardQuestion]:
    """The cards of question_bank/card by id."""
    bank = load_questions([PROJECT_ROOT / "question_bank" / "card"], {"card": CardQuestion})
    return {key: card for key, card in bank.questions.items() if isinstance(card, CardQuestion)}


def _missed_points(card: CardQuestion, text: str) -> list[int]:
    """The numbers (from 1) of the key points the text does not state."""
    missed = coverage(text, card.key_points).missed
    return [number for number, point in enumerate(card.key_points, start=1) if point in missed]


@pytest.mark.parametrize("answer", ANSWERS["plain"], ids=lambda answer: answer["card"])
def test_a_strong_answer_in_plain_words_covers_its_points(
    answer: dict[str, Any], built_in: dict[str, CardQuestion]
) -> None:
    assert _missed_points(built_in[answer["card"]], answer["text"]) == answer["missed"]


@pytest.mark.parametrize("answer", ANSWERS["wrong"], ids=lambda answer: answer["card"])
def test_a_confident_mistake_is_not_credited(
    answer: dict[str, Any], built_in: dict[str, CardQuestion]
) -> None:
    card = built_in[answer["card"]]
    assert len(coverage(answer["text"], card.key_points).covered) <= answer["at_most"]


def test_every_answer_names_a_card_of_the_bank(built_in: dict[str, CardQuestion]) -> None:
    named = {answer["card"] for answers in ANSWERS.values() for answer in answers}
    assert sorted(named - set(built_in)) == []
