"""Cards imported from a CSV or TOML file, validated as the bank validates its decks, each
problem told by the line its card starts on."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.bank.loader import deck_entries
from app.bank.models import QuestionBase
from app.kinds.card.check import DeckChecker, normalised_prompt
from app.kinds.card.deck_file import deck_text
from app.kinds.card.models import CardQuestion
from app.kinds.card.rows import HeaderError, Row, completed, csv_rows

POINTS = (3, 6)
QUESTIONS_HEADER = "[[questions]]"


@dataclass(frozen=True)
class ImportProblem:
    line: int  # 0: the file as a whole
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{f'line {self.line}: ' if self.line else ''}{self.field}: {self.reason}"


class CardImportError(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def read_rows(path: Path) -> list[Row]:
    """The cards written in `path` (.csv, or a .toml card or deck), not yet validated."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        return list(csv_rows(text)) if path.suffix.lower() == ".csv" else toml_rows(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CardImportError([ImportProblem(0, "(file)", f"cannot read it: {error}")]) from error
    except HeaderError as error:
        raise CardImportError([ImportProblem(1, "(header)", str(error))]) from error


def toml_rows(text: str) -> list[Row]:
    """A deck's entries (with the file's defaults) each at its `[[questions]]` line, or the
    file's single card at line 1."""
    data = tomllib.loads(text)
    entries = deck_entries(data)
    if entries is None:
        return [Row(1, dict(data))]
    headers = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == QUESTIONS_HEADER]
    lines = headers if len(headers) == len(entries) else [1] * len(entries)
    return [Row(line, entry) for line, entry in zip(lines, entries, strict=True)]


def validate(
    rows: list[Row], known_tags: dict[str, str], existing: Mapping[str, QuestionBase]
) -> list[CardQuestion]:
    """The cards of `rows`, checked against each other and the questions that exist already;
    raise CardImportError with every problem found."""
    prompts = {normalised_prompt(q.prompt): key for key, q in existing.items() if q.kind == "card"}
    checker, taken = DeckChecker(known_tags, prompts), {key: "the bank" for key in existing}
    if not rows:
        raise CardImportError([ImportProblem(0, "(file)", "no cards in it")])
    cards: list[CardQuestion] = []
    problems: list[ImportProblem] = []
    for row in rows:
        card, found = _validated(row, checker, taken)
        problems += found
        if card is not None:
            cards.append(card)
            taken.setdefault(card.id, f"line {row.line}")
    if problems:
        raise CardImportError(problems)
    return cards


def _validated(
    row: Row, checker: DeckChecker, taken: Mapping[str, str]
) -> tuple[CardQuestion | None, list[ImportProblem]]:
    early = _shape_problems(row)
    if early:
        return None, early
    try:
        card = CardQuestion.model_validate(completed(row.fields))
    except ValidationError as error:
        return None, [_model_problem(row.line, details) for details in error.errors()]
    owner = taken.get(card.id)
    found = [ImportProblem(row.line, "id", f"{card.id!r} is taken by {owner}")] if owner else []
    for problem in checker(card, Path()):
        found.append(ImportProblem(row.line, problem.field.partition(": ")[2], problem.reason))
    return card, found


def _shape_problems(row: Row) -> list[ImportProblem]:
    """What the model would word less plainly: stray values, and the number of key points."""
    found = []
    if row.surplus:
        reason = f"more values than the header has columns ({row.surplus} too many)"
        found.append(ImportProblem(row.line, "(row)", reason))
    low, high = POINTS
    points = row.fields.get("key_points")
    given = len(points) if isinstance(points, list) else 0
    if not low <= given <= high:
        reason = f"{given} given, a card needs {low} to {high}"
        found.append(ImportProblem(row.line, "key_points", reason))
    return found


def _model_problem(line: int, details: Any) -> ImportProblem:
    where = ".".join(str(part) for part in details.get("loc", ())) or "(card)"
    return ImportProblem(line, where, str(details.get("msg", "invalid")))


def import_file(
    source: Path, target: Path, known_tags: dict[str, str], existing: Mapping[str, QuestionBase]
) -> list[CardQuestion]:
    """Validate the cards of `source` and write them as the deck `target`; nothing is
    written when a card has a problem."""
    cards = validate(read_rows(source), known_tags, existing)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(deck_text(cards, source.name), encoding="utf-8")
    return cards
