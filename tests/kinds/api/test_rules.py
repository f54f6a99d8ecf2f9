"""Each rule of the library on small documents: a poor one makes it fire, equivalent
spellings ($refs, header case, other path parameter names, a /v1 prefix) are accepted, and
every quote it gives is a line of the candidate's document."""

from __future__ import annotations

from typing import Any

import pytest

from app.feedback.model import quote_in
from app.kinds.api.document import parse_document
from app.kinds.api.models import CHECK_RULES, ApiAction, ApiCheck
from app.kinds.api.rules import CHECKS
from app.kinds.api.rules.actions import one_round_trip, operations_present
from app.kinds.api.validation import validate
from tests.kinds.api.cases import document, load, names

RULE_CASES = load("rule_cases.toml")
ACTION_CASES = load("action_cases.toml")


@pytest.mark.parametrize("case", RULE_CASES, ids=names(RULE_CASES))
def test_a_rule_gives_the_expected_verdict_quoting_the_document(case: dict[str, Any]) -> None:
    text = document(case)
    parsed = parse_document(text)
    assert validate(parsed) == []
    judgement = CHECKS[case["check"]["rule"]](parsed, ApiCheck.model_validate(case["check"]))
    assert judgement.verdict == case["verdict"], judgement.rationale
    assert all(quote_in(text, quote) for quote in judgement.evidence)
    assert judgement.evidence or judgement.verdict == "missing"
    assert (judgement.fix is None) == (judgement.verdict == "met")


def test_every_rule_has_a_case_that_fires_and_one_that_is_met() -> None:
    for rule in CHECK_RULES:
        verdicts = {c["verdict"] for c in RULE_CASES if c["check"]["rule"] == rule}
        assert {"met", "missing"} <= verdicts, rule


@pytest.mark.parametrize("case", ACTION_CASES, ids=names(ACTION_CASES))
def test_the_implicit_rules_read_the_actions(case: dict[str, Any]) -> None:
    text = document(case)
    parsed = parse_document(text)
    actions = [ApiAction.model_validate(action) for action in case["actions"]]
    present, trips = operations_present(parsed, actions), one_round_trip(parsed, actions)
    assert (present.verdict, trips.verdict) == (case["operations_present"], case["one_round_trip"])
    assert all(quote_in(text, q) for q in (*present.evidence, *trips.evidence))
