"""The explain question model: both plan sources, and the refusals of
tests/fixtures/explain/model_cases.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from app.bank.models import dataset_of
from app.kinds.explain.models import DuckdbPlanSource, ExplainQuestion, PostgresPlanSource

CASES = tomllib.loads((Path(__file__).parents[2] / "fixtures/explain/model_cases.toml").read_text())
BASE: dict[str, Any] = {
    "kind": "explain",
    "id": "explain-orders-scan",
    "title": "Reading a scan",
    "difficulty": "easy",
    "topics": ["EXPLAIN"],
    "time_budget_minutes": 5,
    "prompt": "Read the plan of the query.",
    "hints": ["Look at the scan."],
    "explanation": "The scan reads every row.",
    "plan": {"source": "duckdb", "dataset": "shop", "sql": "SELECT * FROM orders"},
    "asks": [
        {
            "id": "rows",
            "prompt": "How many rows does the scan return?",
            "answer": "number",
            "probe": "actual_rows",
            "node": {"relation": "orders"},
            "tolerance": 0.05,
            "unit": "rows",
            "explanation": "The scan's rows out.",
        },
        {
            "id": "method",
            "prompt": "Which sort method ran?",
            "answer": "choice",
            "probe": "sort_method",
            "options": ["quicksort", "external merge"],
            "expected": "quicksort",
            "explanation": "The sort fit in memory.",
        },
    ],
}


def test_live_duckdb_question() -> None:
    question = ExplainQuestion.model_validate(BASE)
    assert isinstance(question.plan, DuckdbPlanSource)
    assert dataset_of(question) == "shop"
    assert question.ask("method").expected == "quicksort"


def test_captured_postgres_question() -> None:
    asks = [{**ask, "expected": 16094} for ask in BASE["asks"][:1]]
    question = ExplainQuestion.model_validate(
        {**BASE, "plan": {"source": "postgres", "capture": "orders-scan"}, "asks": asks}
    )
    assert isinstance(question.plan, PostgresPlanSource)
    assert question.asks[0].expected == 16094
    assert dataset_of(question) is None


@pytest.mark.parametrize("case", CASES["refused"], ids=[c["why"] for c in CASES["refused"]])
def test_refused(case: dict[str, Any]) -> None:
    changes = {key: value for key, value in case.items() if key not in ("why", "error")}
    with pytest.raises(ValidationError, match=case["error"]):
        ExplainQuestion.model_validate({**BASE, **changes})
