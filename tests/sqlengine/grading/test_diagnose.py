import json
from pathlib import Path
from typing import Any

import pytest

from app.sqlengine.grading.compare import ColumnNames, GradingPolicy, Ordering, ResultSet
from app.sqlengine.grading.diagnose import diagnose, extra_marks
from tests.cells import decode_row

CASES = json.loads((Path(__file__).parents[2] / "fixtures" / "diagnose_cases.json").read_text())


def _result(data: dict[str, Any]) -> ResultSet:
    return ResultSet(data["columns"], [decode_row(r) for r in data["rows"]])


def _policy(data: dict[str, Any]) -> GradingPolicy:
    return GradingPolicy(
        ordering=Ordering(data.get("ordering", "unordered")),
        tie_columns=tuple(data.get("tie_columns", ())),
        tolerance=data.get("tolerance", 1e-6),
        column_names=ColumnNames(data.get("column_names", "ignore")),
    )


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_diagnostics(case: dict[str, Any]) -> None:
    expected, actual = _result(case["expected"]), _result(case["actual"])
    policy = _policy(case.get("policy", {}))
    found = diagnose(expected, actual, policy)
    assert [d.code for d in found] == case["codes"]
    assert all(d.message for d in found)
    if "differs" in case:
        pairs = [e for d in found for e in d.examples if "differs" in e]
        assert [e["differs"] for e in pairs] == case["differs"]
    if "row_marks" in case:
        marks = extra_marks(expected.rows, actual.rows, policy.tolerance, shown=100)
        assert marks == case["row_marks"]


def test_only_the_shown_rows_get_marks() -> None:
    expected, actual = [(1,)], [(1,), (2,), (3,)]
    assert extra_marks(expected, actual, 1e-6, shown=2) == [None, "extra"]


def test_wrong_order_names_the_first_position() -> None:
    expected = ResultSet(["id"], [(1,), (2,), (3,), (4,)])
    actual = ResultSet(["id"], [(1,), (2,), (4,), (3,)])
    [found] = diagnose(expected, actual, GradingPolicy(ordering=Ordering.ORDERED))
    assert found.examples == [{"position": 3}]
    assert "row 3" in found.message


def test_policy_is_described_in_words() -> None:
    words = " ".join(GradingPolicy(Ordering.ORDERED_WITH_TIES, ("score",)).describe())
    assert "equal score" in words and "NULL never equals" in words
