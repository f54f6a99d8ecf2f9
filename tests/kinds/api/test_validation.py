"""Validation first: every error of an invalid document names its JSON path and the line and
column of the candidate's text it is written at."""

from __future__ import annotations

from typing import Any

import pytest

from app.kinds.api.answer import ApiAnswer
from app.kinds.api.grader import read_answer
from tests.kinds.api.cases import load, names

CASES = load("validation_cases.toml")


@pytest.mark.parametrize("case", CASES, ids=names(CASES))
def test_an_invalid_document_reports_where_its_error_is(case: dict[str, Any]) -> None:
    reading = read_answer(ApiAnswer(document=case["document"]))
    assert reading.document is None and reading.issues
    first = reading.issues[0]
    assert (first.path, first.line, first.column) == (case["path"], case["line"], case["column"])
    assert case["says"] in first.message
