"""Options are claims about a step's outcome: matched and worded case by case from
claim_cases.toml; a step's whole outcome in words for the timeline."""

from __future__ import annotations

from typing import Any

import pytest

from app.kinds.isolation.claims import Claim, claim_text, matches, outcome_text
from app.kinds.isolation.scenario import Statement, StepOutcome
from tests.kinds.isolation.conftest import cases

CASES = cases("claim_cases.toml")


def steps(sql: str) -> list[Statement]:
    sessions = [("A", "BEGIN"), ("A", sql), ("B", "COMMIT"), ("A", "COMMIT")]
    return [Statement(session=session, sql=text) for session, text in sessions]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_claim_against_an_outcome(case: dict[str, Any]) -> None:
    claim = Claim.model_validate(case["claim"])
    outcome = StepOutcome.model_validate(case["outcome"])
    assert matches(claim, outcome) is case["matches"]
    assert claim_text(claim, steps(case["sql"]), 2) == case["text"]


@pytest.mark.parametrize(
    ("sql", "outcome", "text"),
    [
        ("BEGIN", {"command": "BEGIN"}, "succeeds"),
        ("COMMIT", {"command": "ROLLBACK"}, "reports ROLLBACK: it rolls back"),
        ("UPDATE t SET n = 1", {"command": "UPDATE 0", "affected": 0}, "updates 0 rows"),
        (
            "UPDATE t SET n = 1",
            {"error": {"sqlstate": "40001", "message": "could not serialize access"}},
            'fails with 40001 (serialization failure): "could not serialize access"',
        ),
        (
            "UPDATE t SET n = 1",
            {"error": {"sqlstate": "40P01", "message": "deadlock detected"}, "blocked_until": 3},
            "blocks until step 3 (B's COMMIT), then fails with 40P01 (deadlock detected)",
        ),
    ],
)
def test_an_outcome_in_words(sql: str, outcome: dict[str, Any], text: str) -> None:
    assert outcome_text(StepOutcome.model_validate(outcome), steps(sql), 2) == text
