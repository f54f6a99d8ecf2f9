"""Load question files (TOML) into models, reporting every bad file with its field and reason.

The models come from the caller (the registry of kinds), keyed on `kind`: the bank knows no
kind itself. A bank folder holds one folder per kind (`question_bank/sql/`); a file in a kind's
folder must be of that kind. A file is one question, or a deck: several under `[[questions]]`,
its other top-level fields being every entry's defaults (problems are then located as
`questions.N.field`, N counting the entries from 1).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from app.bank.models import Question, QuestionBase

QuestionModels = Mapping[str, type[QuestionBase]]

# Files beside the questions that describe them rather than hold any (a deck's known tags,
# the behavioral competencies):
NOT_QUESTIONS = frozenset({"tags.toml", "competencies.toml"})
# Folders beside the kinds' that hold what questions read (plans and interleavings recorded from
# PostgreSQL, with the scenarios that produce them), not questions:
NOT_KINDS = frozenset({"captures"})


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
    """Questions of every kind by id, and where each came from."""

    questions: dict[str, Question] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def add(self, other: Bank) -> None:
        self.questions.update(other.questions)
        self.sources.update(other.sources)


def load_bank(root: Path, models: QuestionModels) -> Bank:
    """The bank under `root`: `root/<kind>/**/*.toml`, each file of its folder's kind (files
    directly in `root` say their kind themselves); raise BankError listing all problems."""
    children = root.iterdir() if root.is_dir() else iter(())
    folders = sorted(p for p in children if p.is_dir() and p.name not in NOT_KINDS)
    problems = [
        ContentProblem(f, "(folder)", f"{f.name!r} is not a kind of question: {_names(models)}")
        for f in folders
        if f.name not in models
    ]
    files: list[tuple[Path, str | None]] = [(p, None) for p in sorted(root.glob("*.toml"))]
    files += [(p, f.name) for f in folders if f.name in models for p in sorted(f.rglob("*.toml"))]
    return _collect(files, models, problems)


def load_questions(folders: Iterable[Path], models: QuestionModels) -> Bank:
    """Every `*.toml` question below `folders`, of any kind; raise BankError listing all
    problems."""
    paths = sorted(p for folder in folders for p in folder.rglob("*.toml"))
    return _collect([(p, None) for p in paths], models, [])


def _collect(
    files: list[tuple[Path, str | None]], models: QuestionModels, problems: list[ContentProblem]
) -> Bank:
    bank = Bank()
    for path, folder_kind in files:
        if path.name in NOT_QUESTIONS:
            continue
        questions, found = _load_file(path, models, folder_kind)
        problems.extend(found)
        for question in questions:
            if question.id in bank.questions:
                reason = f"duplicate of {bank.sources[question.id]}"
                problems.append(ContentProblem(path, "id", f"{question.id!r}: {reason}"))
            else:
                bank.questions[question.id], bank.sources[question.id] = question, path
    if problems:
        raise BankError(problems)
    return bank


def _load_file(
    path: Path, models: QuestionModels, folder_kind: str | None
) -> tuple[list[Question], list[ContentProblem]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return [], [ContentProblem(path, "(file)", f"not valid TOML: {error}")]
    entries = deck_entries(data)
    if entries is None:
        return _load_entry(path, data, models, folder_kind, "")
    if not entries:
        return [], [ContentProblem(path, "questions", "a deck needs at least one [[questions]]")]
    questions: list[Question] = []
    problems: list[ContentProblem] = []
    for number, entry in enumerate(entries, start=1):
        loaded, found = _load_entry(path, entry, models, folder_kind, f"questions.{number}.")
        questions += loaded
        problems += found
    return questions, problems


def deck_entries(data: Mapping[str, object]) -> list[dict[str, object]] | None:
    """The questions of a deck file, each with the file's other top-level fields as its
    defaults (an entry's own fields win); None when the file is a single question. A
    `questions` value that is not a list of tables is left for the model to reject."""
    entries = data.get("questions")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return None
    defaults = {key: value for key, value in data.items() if key != "questions"}
    return [{**defaults, **entry} for entry in entries]


def _load_entry(
    path: Path,
    data: Mapping[str, object],
    models: QuestionModels,
    folder_kind: str | None,
    prefix: str,
) -> tuple[list[Question], list[ContentProblem]]:
    kind = str(data.get("kind"))
    if folder_kind is not None and kind != folder_kind:
        reason = f"{data.get('kind')!r} in the folder of kind {folder_kind!r}: move it or fix it"
        return [], [ContentProblem(path, f"{prefix}kind", reason)]
    if kind not in models:
        reason = f"{data.get('kind')!r} is not one of: {_names(models)}"
        return [], [ContentProblem(path, f"{prefix}kind", reason)]
    try:
        return [models[kind].model_validate(data)], []
    except ValidationError as error:
        return [], [_problem(path, e, prefix) for e in error.errors()]


def _names(models: QuestionModels) -> str:
    return ", ".join(sorted(models))


def _problem(path: Path, error: object, prefix: str) -> ContentProblem:
    details = error if isinstance(error, dict) else {}
    location = ".".join(str(part) for part in details.get("loc", ()))
    where = f"{prefix}{location}" if location else prefix.rstrip(".") or "(file)"
    return ContentProblem(path, where, str(details.get("msg", error)))
