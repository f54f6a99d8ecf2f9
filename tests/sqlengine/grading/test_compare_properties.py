"""Properties of grading that must hold for every result, not just hand-picked ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.sqlengine.grading.compare import GradingPolicy, Ordering, ResultSet
from app.sqlengine.grading.diagnose import diagnose

cells = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.decimals(min_value=-(10**4), max_value=10**4, places=2, allow_nan=False),
    st.text(max_size=5),
    st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
    st.booleans(),
)


@st.composite
def results(draw: st.DrawFn, min_rows: int = 0) -> ResultSet:
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.tuples(*[cells] * width), min_size=min_rows, max_size=12))
    return ResultSet([f"c{i}" for i in range(width)], rows)


def _correct(expected: ResultSet, actual: ResultSet, **policy: Any) -> bool:
    return not diagnose(expected, actual, GradingPolicy(**policy))


@given(results(), st.randoms())
def test_shuffling_never_changes_an_unordered_verdict(result: ResultSet, rng: Any) -> None:
    shuffled = rng.sample(result.rows, len(result.rows))
    assert _correct(result, ResultSet(result.columns, shuffled))


@given(results(min_rows=1), st.data())
def test_changing_any_cell_makes_it_incorrect(result: ResultSet, data: st.DataObject) -> None:
    row = data.draw(st.integers(0, len(result.rows) - 1))
    col = data.draw(st.integers(0, len(result.columns) - 1))
    new = data.draw(cells.filter(lambda v: _differs(v, result.rows[row][col])))
    rows = list(result.rows)
    rows[row] = (*rows[row][:col], new, *rows[row][col + 1 :])
    assert not _correct(result, ResultSet(result.columns, rows))


@given(results(min_rows=1), st.data())
def test_dropping_a_row_makes_it_incorrect(result: ResultSet, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(result.rows) - 1))
    rows = result.rows[:index] + result.rows[index + 1 :]
    assert not _correct(result, ResultSet(result.columns, rows))


@given(results(min_rows=1), st.data())
def test_duplicating_a_row_makes_it_incorrect(result: ResultSet, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(result.rows) - 1))
    rows = [*result.rows, result.rows[index]]
    assert not _correct(result, ResultSet(result.columns, rows))


@given(st.lists(st.decimals(-(10**6), 10**6, places=4, allow_nan=False), min_size=1, max_size=10))
def test_numeric_types_within_tolerance_stay_correct(values: list[Decimal]) -> None:
    expected = ResultSet(["x"], [(v,) for v in values])
    as_float = ResultSet(["x"], [(float(v),) for v in values])
    as_int_when_whole = ResultSet(["x"], [(int(v) if v == int(v) else v,) for v in values])
    assert _correct(expected, as_float)
    assert _correct(expected, as_int_when_whole)


@settings(max_examples=50)
@given(results(min_rows=2), st.randoms())
def test_ordered_results_accept_only_their_order(result: ResultSet, rng: Any) -> None:
    shuffled = rng.sample(result.rows, len(result.rows))
    same_order = all(
        not diagnose(ResultSet(["r"], [(a,)]), ResultSet(["r"], [(b,)]), GradingPolicy())
        for a, b in zip(result.rows, shuffled, strict=True)
    )
    assert (
        _correct(result, ResultSet(result.columns, shuffled), ordering=Ordering.ORDERED)
        == same_order
    )


def _differs(a: object, b: object) -> bool:
    """Whether grading must tell a and b apart (True never equals 1 here, NULL never equals '')."""
    one = ResultSet(["x"], [(a,)])
    return bool(diagnose(ResultSet(["x"], [(b,)]), one, GradingPolicy()))
