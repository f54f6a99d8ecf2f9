"""The fixture question and capture the isolation tests share."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.kinds.isolation.models import IsolationQuestion

FIXTURES = Path(__file__).parents[2] / "fixtures" / "isolation"
QUESTION_FILE = FIXTURES / "questions" / "isolation-fixture-blocked-update.toml"
CAPTURES = FIXTURES / "captures"


def question_data() -> dict[str, Any]:
    return tomllib.loads(QUESTION_FILE.read_text(encoding="utf-8"))


def cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads((FIXTURES / name).read_text())["case"]
    return cases


@pytest.fixture
def question() -> IsolationQuestion:
    return IsolationQuestion.model_validate(question_data())
