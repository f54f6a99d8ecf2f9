"""Importing cards from CSV and TOML: validated as the bank validates decks, problems by line,
and a deck written that the bank loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank.loader import load_questions
from app.kinds.card.check import DeckChecker
from app.kinds.card.deck_file import deck_text
from app.kinds.card.importing import CardImportError, import_file, read_rows, validate
from app.kinds.card.models import CardQuestion
from tests.kinds.card.conftest import CARDS

IMPORT = CARDS / "import"


def _expected(name: str) -> list[str]:
    lines = (IMPORT / name).read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _problems(
    path: Path, known_tags: dict[str, str], existing: dict[str, CardQuestion]
) -> list[str]:
    with pytest.raises(CardImportError) as error:
        validate(read_rows(path), known_tags, existing)
    assert all(problem.reason for problem in error.value.problems)
    return [f"{problem.line}: {problem.field}" for problem in error.value.problems]


@pytest.mark.parametrize(
    ("source", "expected"), [("bad.csv", "bad-csv.expected"), ("bad.toml", "bad-toml.expected")]
)
def test_every_problem_is_reported_by_line(
    source: str, expected: str, known_tags: dict[str, str]
) -> None:
    assert _problems(IMPORT / source, known_tags, {}) == _expected(expected)


def test_the_key_point_count_is_told_plainly(known_tags: dict[str, str]) -> None:
    with pytest.raises(CardImportError) as error:
        validate(read_rows(IMPORT / "bad.csv"), known_tags, {})
    assert str(error.value).splitlines()[0] == "line 4: key_points: 2 given, a card needs 3 to 6"


@pytest.mark.parametrize("source", ["good.csv", "good.toml"])
def test_a_good_file_becomes_a_deck_the_bank_loads_and_checks_clean(
    source: str, tmp_path: Path, known_tags: dict[str, str]
) -> None:
    cards = import_file(IMPORT / source, tmp_path / "mine.toml", known_tags, {})
    bank = load_questions([tmp_path], {"card": CardQuestion})
    assert list(bank.questions.values()) == cards and len(cards) == 2
    checker = DeckChecker(known_tags)
    assert [p for card in cards for p in checker(card, tmp_path / "mine.toml")] == []


def test_a_csv_key_point_names_its_terms_in_brackets(known_tags: dict[str, str]) -> None:
    card = validate(read_rows(IMPORT / "good.csv"), known_tags, {})[0]
    assert card.key_points[0].terms == ["only the rows matching", "matching its where clause"]
    assert (card.source_topic, card.topics, card.tags) == (
        "postgresql",
        ["postgresql"],
        ["postgresql", "indexes"],
    )


def test_a_card_asked_already_in_the_bank_is_refused(
    known_tags: dict[str, str], deck: dict[str, CardQuestion], tmp_path: Path
) -> None:
    jitter = deck["fixture-jitter"]
    again = jitter.model_copy(update={"id": "jitter-again", "prompt": jitter.prompt.upper()})
    (tmp_path / "again.toml").write_text(deck_text([again], "a test"))
    assert _problems(tmp_path / "again.toml", known_tags, dict(deck)) == ["4: prompt"]


def test_an_id_in_the_bank_is_refused(
    known_tags: dict[str, str], deck: dict[str, CardQuestion], tmp_path: Path
) -> None:
    (tmp_path / "same.toml").write_text(deck_text([deck["fixture-jitter"]], "a test"))
    assert _problems(tmp_path / "same.toml", known_tags, dict(deck)) == ["4: id", "4: prompt"]


def test_nothing_is_written_when_a_card_has_a_problem(
    tmp_path: Path, known_tags: dict[str, str]
) -> None:
    with pytest.raises(CardImportError):
        import_file(IMPORT / "bad.csv", tmp_path / "mine.toml", known_tags, {})
    assert not (tmp_path / "mine.toml").exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("prompt,model_answer,tags\n", "columns: missing key_points, source_topic"),
        ("prompt,model_answer,key_points,tags,source_topic,notes\n", "unknown notes"),
        ("prompt,model_answer,key_points,tags,source_topic\n", "no cards in it"),
    ],
)
def test_a_file_that_is_no_card_file_says_why(
    text: str, reason: str, tmp_path: Path, known_tags: dict[str, str]
) -> None:
    (tmp_path / "cards.csv").write_text(text)
    with pytest.raises(CardImportError, match=reason):
        validate(read_rows(tmp_path / "cards.csv"), known_tags, {})
