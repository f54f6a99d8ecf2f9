"""The card kind as registered: what the question API shows and what answering reveals."""

from __future__ import annotations

import json

from app.kinds.card.kind import CARD
from app.kinds.card.models import CardQuestion
from app.kinds.defaults import default_kinds


def test_cards_are_a_default_kind() -> None:
    assert default_kinds()["card"] is CARD


def test_the_public_view_shows_the_prompt_and_tags_never_the_answer(
    deck: dict[str, CardQuestion],
) -> None:
    card = deck["fixture-jitter"]
    shown = json.dumps(CARD.public_view(card))
    assert card.prompt in shown and "retries" in shown
    assert "thundering herd" not in shown and "in step" not in shown


def test_the_solution_view_reveals_the_model_answer_and_key_points(
    deck: dict[str, CardQuestion],
) -> None:
    card = deck["fixture-jitter"]
    revealed = CARD.solution_view(card)
    assert revealed["model_answer"] == card.model_answer
    assert revealed["key_points"] == [point.text for point in card.key_points]
