"""A written deck reads back as the same cards, whatever characters they hold."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from app.bank.loader import deck_entries
from app.kinds.card.deck_file import deck_text
from app.kinds.card.models import CardQuestion

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def _read_back(text: str) -> list[CardQuestion]:
    entries = deck_entries(tomllib.loads(text)) or []
    return [CardQuestion.model_validate(entry) for entry in entries]


@settings(max_examples=60, deadline=None)
@given(odd=TEXT)
def test_any_text_survives_the_round_trip(odd: str, deck: dict[str, CardQuestion]) -> None:
    card = deck["fixture-jitter"]
    odd_card = card.model_copy(update={"explanation": "Explained: " + odd, "hints": [odd]})
    assert _read_back(deck_text([card, odd_card], "a test")) == [card, odd_card]
