"""Explain why a result is wrong: the diagnostics a candidate sees on an incorrect verdict."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.sqlengine.grading.compare import (
    GradingPolicy,
    Ordering,
    ResultSet,
    Row,
    RowDiff,
    diff_rows,
    first_misplaced,
    identical,
)
from app.sqlengine.grading.values import (
    NUMBER,
    Cell,
    Key,
    cell_key,
    close_enough,
    is_number,
    row_key,
    show_row,
)

EXAMPLES = 3
MAX_PAIRING_ROWS = 2_000
MAX_PERMUTED_COLUMNS = 6


@dataclass
class Diagnostic:
    """One thing that differs, with a few example rows."""

    code: str
    message: str
    examples: list[dict[str, Any]] = field(default_factory=list)


def diagnose(expected: ResultSet, actual: ResultSet, policy: GradingPolicy) -> list[Diagnostic]:
    """Everything that differs between the results; an empty list means correct."""
    if len(actual.columns) != len(expected.columns):
        return [_column_count(expected, actual, policy)]
    if policy.column_names == "ignore" and identical(
        expected, actual, ordered=policy.ordering != Ordering.UNORDERED
    ):
        return []
    notes = _column_names(expected, actual) if policy.column_names == "require" else []
    diff = diff_rows(expected.rows, actual.rows, policy.tolerance)
    if not diff.equal:
        reordered = _column_order(expected, actual, policy)
        return notes + (reordered or _explain(diff, expected, actual, policy.tolerance))
    return notes + _order(expected, actual, policy)


def _column_count(expected: ResultSet, actual: ResultSet, policy: GradingPolicy) -> Diagnostic:
    message = (
        f"Expected {len(expected.columns)} columns ({', '.join(expected.columns)}), "
        f"got {len(actual.columns)} ({', '.join(actual.columns)})."
    )
    for i, name in enumerate(actual.columns):
        rows = [r[:i] + r[i + 1 :] for r in actual.rows]
        if (
            len(actual.columns) == len(expected.columns) + 1
            and diff_rows(expected.rows, rows, policy.tolerance).equal
        ):
            message += f" Without the column {name!r} your result would be right."
    return Diagnostic("column_count", message)


def _column_names(expected: ResultSet, actual: ResultSet) -> list[Diagnostic]:
    pairs = zip(expected.columns, actual.columns, strict=True)
    wrong = [f"{have!r} should be {want!r}" for want, have in pairs if want.lower() != have.lower()]
    if not wrong:
        return []
    return [Diagnostic("column_names", "This question checks column names: " + "; ".join(wrong))]


def _column_order(
    expected: ResultSet, actual: ResultSet, policy: GradingPolicy
) -> list[Diagnostic]:
    width = len(expected.columns)
    if width > MAX_PERMUTED_COLUMNS or len(expected.rows) != len(actual.rows):
        return []
    for order in _orders(_fitting_columns(expected.rows, actual.rows, width, policy.tolerance)):
        if order == tuple(range(width)):
            continue
        rows = [tuple(r[i] for i in order) for r in actual.rows]
        if diff_rows(expected.rows, rows, policy.tolerance).equal:
            names = ", ".join(expected.columns)
            return [
                Diagnostic(
                    "column_order",
                    f"The values are right but the columns are in "
                    f"a different order: return them as {names}.",
                )
            ]
    return []


def _fitting_columns(
    expected: list[Row], actual: list[Row], width: int, tolerance: float
) -> list[set[int]]:
    """For each expected column, the returned columns that hold the same values. A reordering
    can only be right if each column fits, and checking columns one by one is cheap, where
    trying every order on every row was not (720 diffs of the whole result for six columns)."""
    want = [_column_values(expected, i) for i in range(width)]
    have = [_column_values(actual, j) for j in range(width)]
    return [
        {j for j in range(width) if _same_values(want[i], have[j], tolerance)} for i in range(width)
    ]


def _column_values(rows: list[Row], index: int) -> tuple[Counter[Key], list[float]]:
    """A column as the multiset of its non-numeric cells and its numbers, sorted."""
    keys = [cell_key(r[index]) for r in rows]
    numbers = sorted(k[1] for k in keys if k[0] == NUMBER and k[1] != "nan")
    return Counter(k for k in keys if k[0] != NUMBER or k[1] == "nan"), numbers


def _same_values(
    a: tuple[Counter[Key], list[float]], b: tuple[Counter[Key], list[float]], tolerance: float
) -> bool:
    (others_a, numbers_a), (others_b, numbers_b) = a, b
    return (
        others_a == others_b
        and len(numbers_a) == len(numbers_b)
        and all(
            math.isclose(x, y, rel_tol=1e-9, abs_tol=tolerance)
            for x, y in zip(numbers_a, numbers_b, strict=True)
        )
    )


def _orders(fits: list[set[int]], chosen: tuple[int, ...] = ()) -> Iterator[tuple[int, ...]]:
    """Every assignment of distinct returned columns to the expected ones that fit them."""
    if len(chosen) == len(fits):
        yield chosen
        return
    for column in sorted(fits[len(chosen)] - set(chosen)):
        yield from _orders(fits, (*chosen, column))


def _order(expected: ResultSet, actual: ResultSet, policy: GradingPolicy) -> list[Diagnostic]:
    if policy.ordering == Ordering.UNORDERED:
        return []
    ties = [expected.columns.index(c) for c in policy.tie_columns if c in expected.columns]
    position = first_misplaced(expected.rows, actual.rows, ties, policy.tolerance)
    if position is None:
        return []
    message = (
        f"The rows are right but not in the required order: the first difference is at row "
        f"{position + 1}, expected {show_row(expected.rows[position])}, "
        f"got {show_row(actual.rows[position])}."
    )
    return [Diagnostic("wrong_order", message, [{"position": position + 1}])]


# --- explaining a row difference -------------------------------------------------------------


def _explain(
    diff: RowDiff, expected: ResultSet, actual: ResultSet, tolerance: float
) -> list[Diagnostic]:
    if _only_multiplicity_differs(diff, expected, actual):
        return [_duplicates(diff)]
    found: list[Diagnostic] = []
    if len(diff.missing) + len(diff.extra) <= MAX_PAIRING_ROWS:
        for code, same, message in PAIR_REASONS:
            pairs = _pair_off(diff, same)
            if pairs:
                first = (
                    f" For example: expected {show_row(pairs[0][0])}, got {show_row(pairs[0][1])}."
                )
                examples = [_pair_example(p, tolerance) for p in pairs[:EXAMPLES]]
                found.append(Diagnostic(code, message + first, examples))
    return found + _missing_and_extra(diff)


def _only_multiplicity_differs(diff: RowDiff, expected: ResultSet, actual: ResultSet) -> bool:
    """Extra rows are copies of expected rows and missing rows are copies of returned rows."""
    expected_keys = {row_key(r) for r in expected.rows}
    actual_keys = {row_key(r) for r in actual.rows}
    return all(row_key(r) in expected_keys for r in diff.extra) and all(
        row_key(r) in actual_keys for r in diff.missing
    )


def _duplicates(diff: RowDiff) -> Diagnostic:
    if diff.extra and diff.missing:
        rows, what = diff.extra + diff.missing, "a different number of times than expected"
        hint = "Check joins that multiply rows and DISTINCT or UNION that collapse them."
    elif diff.extra:
        rows, what = diff.extra, "more times than expected"
        hint = "Look for a join that multiplies rows, or a missing DISTINCT."
    else:
        rows, what = diff.missing, "fewer times than expected"
        hint = "DISTINCT or UNION (instead of UNION ALL) may have collapsed real duplicates."
    message = f"{len(rows)} row(s) appear {what}, e.g. {show_row(rows[0])}. {hint}"
    return Diagnostic("duplicate_rows", message, [{"row": list(r)} for r in rows[:EXAMPLES]])


def _pair_off(diff: RowDiff, same: Callable[[Row, Row], bool]) -> list[tuple[Row, Row]]:
    """Remove and return (expected, actual) pairs that `same` says differ only in one way."""
    pairs: list[tuple[Row, Row]] = []
    for want in list(diff.missing):
        have = next((h for h in diff.extra if same(want, h)), None)
        if have is not None:
            diff.missing.remove(want)
            diff.extra.remove(have)
            pairs.append((want, have))
    return pairs


def _pair_example(pair: tuple[Row, Row], tolerance: float) -> dict[str, Any]:
    """The two rows, and which of their cells differ (by value, as the grader compares)."""
    want, have = pair
    differs = [
        i
        for i, (a, b) in enumerate(zip(want, have, strict=True))
        if not close_enough(row_key((a,)), row_key((b,)), tolerance)
    ]
    return {"expected": list(want), "actual": list(have), "differs": differs}


def extra_marks(
    expected: list[Row], actual: list[Row], tolerance: float, shown: int
) -> list[str | None]:
    """For each of the first `shown` returned rows: "extra" when that row, or this copy of it,
    is not in the expected result (later copies of a row returned too often are the extra ones)."""
    extra = Counter(row_key(r) for r in diff_rows(expected, actual, tolerance).extra)
    total = Counter(row_key(r) for r in actual)
    seen: Counter[Key] = Counter()
    marks: list[str | None] = []
    for row in actual[:shown]:
        key = row_key(row)
        seen[key] += 1
        marks.append("extra" if seen[key] > total[key] - extra[key] else None)
    return marks


def _missing_and_extra(diff: RowDiff) -> list[Diagnostic]:
    found = []
    if diff.missing:
        found.append(
            Diagnostic(
                "missing_rows",
                f"{len(diff.missing)} expected row(s) are missing, "
                f"e.g. {show_row(diff.missing[0])}.",
                [{"row": list(r)} for r in diff.missing[:EXAMPLES]],
            )
        )
    if diff.extra:
        found.append(
            Diagnostic(
                "extra_rows",
                f"{len(diff.extra)} row(s) should not be there, e.g. {show_row(diff.extra[0])}.",
                [{"row": list(r)} for r in diff.extra[:EXAMPLES]],
            )
        )
    return found


# --- ways two rows can differ ----------------------------------------------------------------


def _differ_by_rounding(want: Row, have: Row) -> bool:
    cells = list(zip(want, have, strict=True))
    numeric = [(a, b) for a, b in cells if is_number(a) and is_number(b)]
    others_equal = all(row_key((a,)) == row_key((b,)) for a, b in cells if (a, b) not in numeric)
    return (
        others_equal
        and any(a != b for a, b in numeric)
        and all(_rounds_to(a, b) for a, b in numeric)
    )


def _rounds_to(a: Cell, b: Cell) -> bool:
    """Whether the less precise of two numbers is the other one rounded. Decimal arithmetic:
    in floats, 133327.1 - 133327.05 is a hair over 0.05 and a half-way rounding is missed."""
    x, y = _exact(a), _exact(b)
    if not (x.is_finite() and y.is_finite()):
        return False
    digits = min(_decimals(x), _decimals(y))
    return abs(x - y) <= Decimal(5).scaleb(-digits - 1)


def _exact(value: Cell) -> Decimal:
    """A number as the decimal it prints as (floats by their shortest repr)."""
    return Decimal(repr(value) if isinstance(value, float) else str(value))


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _null_becomes(replacement: Cell) -> Callable[[Row, Row], bool]:
    def same(want: Row, have: Row) -> bool:
        def fill(row: Row) -> Row:
            return tuple(replacement if v is None else v for v in row)

        return want != have and row_key(fill(want)) == row_key(fill(have))

    return same


PAIR_REASONS: list[tuple[str, Callable[[Row, Row], bool], str]] = [
    (
        "rounding",
        _differ_by_rounding,
        "Some values differ only by rounding: check how many decimals the question asks for, "
        "and round only the final value.",
    ),
    (
        "null_vs_empty",
        _null_becomes(""),
        "NULL and '' are different values: some rows have one where the other is expected.",
    ),
    (
        "null_vs_zero",
        _null_becomes(0),
        "NULL and 0 are different values: check COALESCE and how outer joins fill gaps.",
    ),
]
