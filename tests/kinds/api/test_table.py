"""The endpoint table converts to an OpenAPI 3.1 document the same rules judge, with evidence
quoting the table's rows; a malformed table is refused at the row's line."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from app.feedback.model import quote_in
from app.kinds.api.models import ApiCheck
from app.kinds.api.rules import CHECKS
from app.kinds.api.table import TableError, table_document
from app.kinds.api.validation import validate
from tests.kinds.api.cases import FIXTURES, names

CASES = tomllib.loads((FIXTURES / "table_cases.toml").read_text())


def _check(rule: str, operation: str) -> ApiCheck:
    return ApiCheck.model_validate({"rule": rule, "operations": [operation] if operation else []})


@pytest.mark.parametrize("case", CASES["converted"], ids=names(CASES["converted"]))
def test_a_table_is_judged_like_a_document_quoting_its_rows(case: dict[str, Any]) -> None:
    document = table_document(case["table"])
    assert validate(document) == []
    rows = [line.strip() for line in case["table"].splitlines() if line.strip().startswith("|")]
    for rule, operation, verdict in case["verdicts"]:
        judgement = CHECKS[rule](document, _check(rule, operation))
        assert judgement.verdict == verdict, (rule, judgement.rationale)
        assert all(quote_in(case["table"], quote) for quote in judgement.evidence)
        assert all(any(quote in row for row in rows) for quote in judgement.evidence), rule


@pytest.mark.parametrize("case", CASES["refused"], ids=names(CASES["refused"]))
def test_a_malformed_table_is_refused_at_its_row(case: dict[str, Any]) -> None:
    with pytest.raises(TableError, match=case["says"]) as refused:
        table_document(case["table"])
    assert refused.value.line == case["line"]
