"""Compare a candidate's result with the reference result under a question's grading policy.

Results are multisets unless the question says order matters; an ordered question may declare
tie columns, inside whose groups any order is accepted. This module finds *what* differs;
`diagnose.py` explains *why* it probably differs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from app.sqlengine.grading.values import Cell, Key, close_enough, row_key, skeleton

Row = tuple[Cell, ...]


class Ordering(StrEnum):
    UNORDERED = "unordered"
    ORDERED = "ordered"
    ORDERED_WITH_TIES = "ordered_with_ties"


class ColumnNames(StrEnum):
    IGNORE = "ignore"
    REQUIRE = "require"


@dataclass(frozen=True)
class GradingPolicy:
    """The rules one question is graded by (shown to the candidate on the question)."""

    ordering: Ordering = Ordering.UNORDERED
    tie_columns: tuple[str, ...] = ()
    tolerance: float = 1e-6
    column_names: ColumnNames = ColumnNames.IGNORE

    def describe(self) -> list[str]:
        """The policy in plain words."""
        return [
            _ORDER_RULES[self.ordering].format(ties=", ".join(self.tie_columns)),
            "Column count and order must match; "
            + (
                "column names must match too."
                if self.column_names == "require"
                else "column names are not checked."
            ),
            f"Numbers compare by value across integer, decimal and float types, within "
            f"{self.tolerance:g}; NULL never equals '' or 0; dates compare by value.",
            "Duplicate rows count: a row returned twice must be expected twice.",
        ]


_ORDER_RULES = {
    Ordering.UNORDERED: "Row order does not matter.",
    Ordering.ORDERED: "Row order matters: rows must come in the order the question asks for.",
    Ordering.ORDERED_WITH_TIES: "Row order matters, except among rows with equal {ties}.",
}


@dataclass(frozen=True)
class ResultSet:
    columns: list[str]
    rows: list[Row]
    types: tuple[str, ...] = ()  # DuckDB's column types, when known


def identical(expected: ResultSet, actual: ResultSet, ordered: bool) -> bool:
    """Fast path for the common correct answer: same column types and the very same values.

    With equal types, Python equality is value equality (NaN aside, which only makes this
    return False), so the canonical comparison is not needed.
    """
    if not expected.types or expected.types != actual.types:
        return False
    if expected.rows == actual.rows:  # the same plan usually returns the same order
        return True
    if ordered:
        return False
    try:
        return Counter(expected.rows) == Counter(actual.rows)
    except TypeError:  # unhashable cells (lists): leave it to the full comparison
        return False


@dataclass
class RowDiff:
    """Rows of the expected multiset that are missing, and rows that should not be there."""

    missing: list[Row] = field(default_factory=list)
    extra: list[Row] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.missing and not self.extra


def diff_rows(expected: list[Row], actual: list[Row], tolerance: float) -> RowDiff:
    """Multiset difference; numbers within `tolerance` count as equal."""
    want, have = _counted(expected), _counted(actual)
    missing, extra = want[0] - have[0], have[0] - want[0]
    _cancel_close_pairs(missing, extra, tolerance)
    return RowDiff(_expand(missing, want[1]), _expand(extra, have[1]))


def _counted(rows: list[Row]) -> tuple[Counter[Key], dict[Key, Row]]:
    keys = [row_key(r) for r in rows]
    return Counter(keys), dict(zip(keys, rows, strict=True))


def _cancel_close_pairs(missing: Counter[Key], extra: Counter[Key], tolerance: float) -> None:
    """Pair up rows that differ only by numbers within the tolerance."""
    by_shape: defaultdict[Key, list[Key]] = defaultdict(list)
    for key in extra:
        by_shape[skeleton(key)].append(key)
    for key in list(missing):
        for candidate in by_shape[skeleton(key)]:
            while missing[key] and extra[candidate] and close_enough(key, candidate, tolerance):
                missing[key] -= 1
                extra[candidate] -= 1
    missing += Counter()  # drop zero counts
    extra += Counter()


def _expand(counts: Counter[Key], rows: dict[Key, Row]) -> list[Row]:
    return [rows[key] for key, n in counts.items() for _ in range(n)]


def first_misplaced(
    expected: list[Row], actual: list[Row], tie_indexes: list[int], tolerance: float
) -> int | None:
    """Index of the first row out of order, or None. Rows of one tie group may swap freely."""
    for start, end in _tie_groups(expected, tie_indexes):
        if not diff_rows(expected[start:end], actual[start:end], tolerance).equal:
            return start + _first_difference(expected[start:end], actual[start:end], tolerance)
    return None


def _tie_groups(rows: list[Row], tie_indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of rows equal on the tie columns (single rows when there are none)."""
    if not tie_indexes:
        return [(i, i + 1) for i in range(len(rows))]
    groups: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        tie = [row_key(row)[j] for j in tie_indexes]
        if groups and tie == [row_key(rows[groups[-1][0]])[j] for j in tie_indexes]:
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
    return groups


def _first_difference(expected: list[Row], actual: list[Row], tolerance: float) -> int:
    for i, (want, have) in enumerate(zip(expected, actual, strict=True)):
        if not close_enough(row_key(want), row_key(have), tolerance):
            return i
    return 0
