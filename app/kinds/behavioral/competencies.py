"""The known competencies (question_bank/behavioral/competencies.toml): what a behavioral
prompt probes and what a story is tagged with, each with the plain words it implies."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import Field, ValidationError

from app.bank.loader import BankError, ContentProblem
from app.bank.models import Strict
from app.kinds.behavioral.models import SLUG

COMPETENCIES_FILE = "competencies.toml"  # in the kind's folder of the bank


class Competency(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3)
    meaning: str = Field(min_length=10)
    terms: list[str] = Field(min_length=3)  # lower-case plain words a story about it uses


class Competencies(Strict):
    competencies: list[Competency] = Field(min_length=1)

    def ids(self) -> list[str]:
        return [c.id for c in self.competencies]

    def get(self, competency_id: str) -> Competency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)


def load_competencies(path: Path) -> Competencies:
    """The competencies of `path`; raise BankError naming what is wrong with the file."""
    try:
        found = Competencies.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, ValidationError) as error:
        raise BankError([ContentProblem(path, "competencies", str(error))]) from error
    problems = _problems(found)
    if problems:
        raise BankError([ContentProblem(path, "competencies", p) for p in problems])
    return found


def _problems(found: Competencies) -> list[str]:
    ids = found.ids()
    twice = sorted({i for i in ids if ids.count(i) > 1})
    upper = [c.id for c in found.competencies if any(t != t.lower() for t in c.terms)]
    return [f"listed twice: {', '.join(twice)}"] * bool(twice) + [
        f"terms must be lower case: {', '.join(upper)}"
    ] * bool(upper)
