"""The fixture deck and the known tags the card tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import load_questions
from app.kinds.card.models import CardQuestion
from app.kinds.card.tags import load_tags
from app.settings import PROJECT_ROOT

CARDS = Path(__file__).parents[2] / "fixtures" / "card_kind"
TAGS_FILE = PROJECT_ROOT / "question_bank" / "card" / "tags.toml"


@pytest.fixture(scope="session")
def deck() -> dict[str, CardQuestion]:
    """The fixture cards by id."""
    bank = load_questions([CARDS / "deck"], {"card": CardQuestion})
    return {key: card for key, card in bank.questions.items() if isinstance(card, CardQuestion)}


@pytest.fixture(scope="session")
def known_tags() -> dict[str, str]:
    return load_tags(TAGS_FILE)
