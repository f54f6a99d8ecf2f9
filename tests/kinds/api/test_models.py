"""The api question model: operations are 'METHOD /path', each check fits its rule, and ids
are unique, so a prompt that the rules cannot read never loads."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from app.kinds.api.answer import ApiAnswer
from app.kinds.api.models import CHECK_RULES, IMPLICIT_RULES, RULES, ApiCheck, ApiQuestion

CASES = tomllib.loads((Path(__file__).parents[2] / "fixtures/api/model_cases.toml").read_text())


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["why"] for case in cases]


@pytest.mark.parametrize("case", CASES["refused"], ids=_ids(CASES["refused"]))
def test_a_check_that_does_not_fit_its_rule_is_refused(case: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match=case["says"]):
        ApiCheck.model_validate(case["check"])


@pytest.mark.parametrize("case", CASES["accepted"], ids=_ids(CASES["accepted"]))
def test_a_check_that_fits_its_rule_loads(case: dict[str, Any]) -> None:
    check = ApiCheck.model_validate(case["check"])
    assert check.criterion_id == case["check"]["rule"]


def _question(**changes: Any) -> dict[str, Any]:
    question: dict[str, Any] = {
        "kind": "api",
        "id": "api-model-case",
        "title": "A model case",
        "difficulty": "easy",
        "topics": ["status codes"],
        "time_budget_minutes": 20,
        "prompt": "Design the API for a small feature.",
        "hints": ["Think of retries."],
        "explanation": "What a strong design does.",
        "actions": [{"id": "pay", "says": "A customer pays.", "calls": ["POST /payments"]}],
        "checks": [{"rule": "idempotency_key", "operations": ["POST /payments"]}],
        "reference": {"document": "openapi: 3.1.0\n" * 4, "rationale": "Why it is so, briefly."},
    }
    return {**question, **changes}


def test_a_prompt_lists_its_criteria_implicit_rules_first() -> None:
    checks = [
        {"rule": "conflict", "operations": ["POST /payments"]},
        {"rule": "conflict", "id": "conflict-refund", "operations": ["POST /refunds"]},
    ]
    question = ApiQuestion.model_validate(_question(checks=checks))
    assert question.criterion_ids() == [*IMPLICIT_RULES, "conflict", "conflict-refund"]


def test_a_rule_used_twice_without_its_own_id_is_refused() -> None:
    check = {"rule": "conflict", "operations": ["POST /payments"]}
    with pytest.raises(ValidationError, match="criterion ids must be unique"):
        ApiQuestion.model_validate(_question(checks=[check, check]))


def test_the_rule_names_are_the_implicit_then_the_checkable() -> None:
    assert RULES == IMPLICIT_RULES + CHECK_RULES and len(set(RULES)) == 18


def test_an_answer_is_openapi_by_default_and_refuses_unknown_fields() -> None:
    assert ApiAnswer(document="openapi: 3.1.0").format == "openapi"
    with pytest.raises(ValidationError):
        ApiAnswer.model_validate({"document": "x", "sql": "select 1"})
