"""Index questions built for the grader tests from a fixture's query and [accept] spec."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from app.bank.loader import load_questions
from app.kinds.index.models import IndexQuestion
from app.settings import Settings

CASES_DIR = Path(__file__).parents[2] / "fixtures" / "index" / "grading"
CASE_FILES = sorted(CASES_DIR.glob("*.toml"))
BANK = Settings().bank_dir


def bank_questions() -> dict[str, IndexQuestion]:
    """The built-in bank's index questions by id."""
    bank = load_questions([BANK / "index"], {"index": IndexQuestion})
    return {key: q for key, q in bank.questions.items() if isinstance(q, IndexQuestion)}


def load_cases(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


def question_for(query: str, accept: dict[str, Any]) -> IndexQuestion:
    """A valid question around `query` and `accept`; the other fields only need to be valid."""
    return IndexQuestion.model_validate(
        {
            "kind": "index",
            "id": "index-fixture",
            "title": "A fixture question",
            "difficulty": "easy",
            "topics": ["indexes"],
            "time_budget_minutes": 5,
            "prompt": "Make this query fast.",
            "hints": ["Look at the plan."],
            "explanation": "Because of the plan.",
            "query": query,
            "before": "index-fixture-before",
            "after": "index-fixture-after",
            "statistics": "| rows | 10 |",
            "reference": {"sql": "CREATE INDEX ON t (a)"},
            "accept": accept,
            "wrong_answers": [
                {"sql": "SELECT 1", "finding": "rejected"},
                {"sql": "SELECT 2", "finding": "rejected"},
            ],
        }
    )
