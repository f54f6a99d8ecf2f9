"""Deck files: several questions under `[[questions]]`, the file's other fields their defaults."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.bank.loader import BankError, QuestionModels, load_bank, load_questions
from app.kinds.card.models import CardQuestion
from app.kinds.sql.models import SqlQuestion

DECKS = Path(__file__).parents[1] / "fixtures" / "bank" / "decks"
MODELS: QuestionModels = {"card": CardQuestion, "sql": SqlQuestion}


def _card(question: object) -> CardQuestion:
    assert isinstance(question, CardQuestion)
    return question


def test_every_entry_of_a_deck_is_a_question_from_that_file() -> None:
    bank = load_questions([DECKS / "good"], MODELS)
    assert set(bank.questions) == {"deck-retry-backoff", "deck-retry-idempotent"}
    assert {path.name for path in bank.sources.values()} == {"retries.toml"}


def test_the_files_top_level_fields_are_defaults_an_entry_may_override() -> None:
    bank = load_questions([DECKS / "good"], MODELS)
    backoff = _card(bank.questions["deck-retry-backoff"])
    idempotent = _card(bank.questions["deck-retry-idempotent"])
    assert (backoff.source_topic, backoff.difficulty, backoff.tags) == (
        "retries",
        "medium",
        ["retries"],
    )
    assert (idempotent.difficulty, idempotent.tags) == ("hard", ["retries", "idempotency"])
    assert idempotent.time_budget_minutes == backoff.time_budget_minutes == 2


def _card_bank(tmp_path: Path, deck: str) -> Path:
    (tmp_path / "card").mkdir()
    shutil.copy(DECKS / "bad" / deck, tmp_path / "card" / deck)
    return tmp_path


def test_problems_name_the_entry_and_its_field(tmp_path: Path) -> None:
    with pytest.raises(BankError) as error:
        load_bank(_card_bank(tmp_path, "broken-deck.toml"), MODELS)
    found = {p.field: p.reason for p in error.value.problems}
    assert set(found) == {"questions.2.model_answer", "questions.2.key_points", "questions.3.kind"}
    assert "in the folder of kind 'card'" in found["questions.3.kind"]
    assert all(p.path.name == "broken-deck.toml" for p in error.value.problems)


def test_a_duplicate_id_inside_a_deck_is_reported(tmp_path: Path) -> None:
    deck = (DECKS / "good" / "retries.toml").read_text()
    twice = deck.replace("deck-retry-idempotent", "deck-retry-backoff")
    (tmp_path / "twice.toml").write_text(twice)
    with pytest.raises(BankError, match=r"'deck-retry-backoff': duplicate of .*twice\.toml"):
        load_questions([tmp_path], MODELS)


def test_a_deck_without_entries_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty.toml").write_text('kind = "card"\nquestions = []\n')
    with pytest.raises(BankError) as error:
        load_questions([tmp_path], MODELS)
    assert [p.field for p in error.value.problems] == ["questions"]


def test_a_tags_file_beside_the_cards_is_not_a_question(tmp_path: Path) -> None:
    shutil.copy(DECKS / "good" / "retries.toml", tmp_path / "retries.toml")
    (tmp_path / "tags.toml").write_text('retries = "Trying a failed call again."\n')
    assert len(load_questions([tmp_path], MODELS).questions) == 2
