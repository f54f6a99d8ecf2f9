"""The explain fixture bank (tests/fixtures/explain/bank): questions and their captures."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bank import loader
from app.kinds.explain.kind import EXPLAIN
from app.kinds.explain.models import ExplainQuestion
from app.kinds.explain.plans import PlanLoader

BANK = Path(__file__).parents[2] / "fixtures" / "explain" / "bank"


def question(question_id: str) -> ExplainQuestion:
    bank = loader.load_bank(BANK, {"explain": EXPLAIN.question_model})
    found = bank.questions[question_id]
    assert isinstance(found, ExplainQuestion)
    return found


@pytest.fixture
def captured() -> PlanLoader:
    """Recorded plans only: no engine."""
    return PlanLoader(None, BANK / "captures")
