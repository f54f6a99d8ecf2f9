"""Quantities read from free text and written-out arithmetic checked, case by case from
tests/fixtures/feedback/quantities.toml, and a round trip of formatted numbers."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.feedback.quantities import (
    Quantity,
    check_arithmetic,
    find_quantities,
    magnitude_off,
)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "feedback" / "quantities.toml"
CASES = tomllib.loads(FIXTURE.read_text("utf-8"))
FOUND: list[dict[str, Any]] = CASES["found"]
ARITHMETIC: list[dict[str, Any]] = CASES["arithmetic"]


def _matches(quantity: Quantity, expected: dict[str, Any]) -> bool:
    return all(
        getattr(quantity, field) == pytest.approx(value, rel=1e-6)
        if isinstance(value, float | int)
        else getattr(quantity, field) == value
        for field, value in expected.items()
    )


def test_the_fixture_has_enough_cases() -> None:
    assert len(FOUND) + len(ARITHMETIC) >= 80
    assert sum(not case["quantities"] for case in FOUND) >= 20  # the tricky negatives


@pytest.mark.parametrize("case", FOUND, ids=[case["text"] for case in FOUND])
def test_quantities_are_found_with_their_dimension_and_value(case: dict[str, Any]) -> None:
    found = find_quantities(case["text"])
    assert len(found) == len(case["quantities"]), found
    for quantity, expected in zip(found, case["quantities"], strict=True):
        assert _matches(quantity, expected), (quantity, expected)
        assert case["text"][quantity.start : quantity.end] == quantity.text


@pytest.mark.parametrize("case", ARITHMETIC, ids=[case["text"] for case in ARITHMETIC])
def test_arithmetic_off_by_more_than_twice_is_a_slip(case: dict[str, Any]) -> None:
    slips = check_arithmetic(case["text"])
    assert len(slips) == len(case["slips"]), slips
    for slip, expected in zip(slips, case["slips"], strict=True):
        assert slip.stated == pytest.approx(expected["stated"], rel=1e-6)
        assert slip.computed == pytest.approx(expected["computed"], rel=1e-6)
        assert slip.text in case["text"]


def test_a_slip_quotes_the_whole_expression() -> None:
    (slip,) = check_arithmetic("Writes: 100M / 86,400 s ≈ 12k writes/s at peak.")
    assert slip.text == "100M / 86,400 s ≈ 12k writes/s"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5.0, 1.0), (1.0, 1.0), (10.0, 1.0), (50.0, 5.0), (0.5, 2.0), (0.0, float("inf"))],
)
def test_magnitude_off_says_how_many_times_outside(value: float, expected: float) -> None:
    assert magnitude_off(value, 1.0, 10.0) == expected


SCALES = {"": 1.0, "k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "bn": 1e9, " million": 1e6}
UNITS = {
    "rps": ("rate", 1.0),
    "writes/s": ("rate", 1.0),
    "requests a day": ("rate", 1 / 86_400),
    "events per hour": ("rate", 1 / 3_600),
    "users": ("count", 1.0),
    "KB": ("bytes", 1e3),
    "GiB": ("bytes", 2.0**30),
    "TB/year": ("bytes_rate", 1e12 / (365 * 86_400)),
    "MB/s": ("bytes_rate", 1e6),
    "Gbps": ("bytes_rate", 1e9 / 8),
    "ms": ("duration", 1e-3),
    "hours": ("duration", 3_600.0),
}


def _written(number: float, grouped: bool) -> str:
    if grouped:
        return f"{round(number * 100):,}"
    return f"{number:.2f}".rstrip("0").rstrip(".")


@settings(deadline=None, database=None, derandomize=True)
@given(
    number=st.floats(min_value=1, max_value=999.99),
    grouped=st.booleans(),
    scale=st.sampled_from(sorted(SCALES)),
    unit=st.sampled_from(sorted(UNITS)),
    approx=st.sampled_from(["", "~", "about ", "≈"]),
)
def test_a_formatted_quantity_reads_back(
    number: float, grouped: bool, scale: str, unit: str, approx: str
) -> None:
    dimension, factor = UNITS[unit]
    whole = dimension == "count" and not scale  # "1.5 users" is not a count; "1.5M users" is
    digits = _written(number, grouped or whole)
    text = f"We need {approx}{digits}{scale} {unit} at peak."
    (quantity,) = find_quantities(text)
    expected = float(digits.replace(",", "")) * SCALES[scale] * factor
    assert quantity.dimension == dimension
    assert quantity.value == pytest.approx(expected, rel=1e-9)
    assert quantity.text == f"{digits}{scale} {unit}"


ANSWER_LIKE = st.text(
    alphabet=st.sampled_from(list("0123456789 .,-/*x\u00d7=≈~%:^kKMBGTbsmhdayerpqu")), max_size=60
)


NUMBERS = ["2", "10", "1.2k", "4", "500", "86,400", "2^32", "1e6", "10-20"]
SUFFIXES = ["", "B", " B", "B of logs a day", " KB", " GB/day", " s", " ms", " rps", " users", "%"]
OPERAND = st.tuples(st.sampled_from(NUMBERS), st.sampled_from(SUFFIXES)).map("".join)
JOINS = [" * ", " / ", " + ", " - ", " x ", " \u00d7 ", " = ", " ≈ ", " -> ", ", ", " (", ") "]
EXPRESSION_LIKE = st.lists(st.tuples(OPERAND, st.sampled_from(JOINS)), max_size=5).map(
    lambda parts: "".join(operand + join for operand, join in parts)
)


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(text=st.one_of(st.text(max_size=80), ANSWER_LIKE, EXPRESSION_LIKE))
def test_any_text_is_read_without_error_and_quoted_verbatim(text: str) -> None:
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.value >= 0
    for slip in check_arithmetic(text):
        assert slip.text in text
