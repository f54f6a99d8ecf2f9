"""Load question files (TOML) into models, reporting every bad file with its field and reason."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from app.bank.models import QUESTION_KINDS, Question


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with one content file."""

    path: Path
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"


class BankError(Exception):
    def __init__(self, problems: list[ContentProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Bank:
    """Questions by id, and where each came from."""

    questions: dict[str, Question] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def add(self, other: Bank) -> None:
        self.questions.update(other.questions)
        self.sources.update(other.sources)


def load_questions(folders: Iterable[Path]) -> Bank:
    """Every `*.toml` question below `folders`; raise BankError listing all problems."""
    bank, problems = Bank(), []
    for path in sorted(p for folder in folders for p in folder.rglob("*.toml")):
        question, problem = _load_file(path)
        if problem:
            problems.extend(problem)
        elif question and question.id in bank.questions:
            problems.append(ContentProblem(path, "id", f"duplicate of {bank.sources[question.id]}"))
        elif question:
            bank.questions[question.id], bank.sources[question.id] = question, path
    if problems:
        raise BankError(problems)
    return bank


def _load_file(path: Path) -> tuple[Question | None, list[ContentProblem]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, [ContentProblem(path, "(file)", f"not valid TOML: {error}")]
    model = QUESTION_KINDS.get(str(data.get("kind")))
    if model is None:
        kinds = ", ".join(QUESTION_KINDS)
        return None, [ContentProblem(path, "kind", f"{data.get('kind')!r} is not one of: {kinds}")]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [_problem(path, e) for e in error.errors()]


def _problem(path: Path, error: object) -> ContentProblem:
    details = error if isinstance(error, dict) else {}
    location = ".".join(str(part) for part in details.get("loc", ())) or "(file)"
    return ContentProblem(path, location, str(details.get("msg", error)))
