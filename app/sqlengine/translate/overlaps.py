"""(start1, end1) OVERLAPS (start2, end2), which DuckDB cannot parse, as PostgreSQL computes it.

PostgreSQL first puts each period in order (a NULL start takes the end's place), then compares
the starts: periods overlap when the later start falls before the other period's end, and two
periods with the same start always overlap, even zero-length ones. A NULL end answers NULL only
where the answer depends on it. The second element of a period may be an interval: its length.
"""

from __future__ import annotations

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError
from app.sqlengine.translate.exact import with_parts

START = "least({s}, {e})"  # least() skips a NULL, as PostgreSQL's start does
END = "CASE WHEN {s} IS NULL OR {e} IS NULL THEN NULL ELSE greatest({s}, {e}) END"
LATER_START = (
    "CASE WHEN {other_end} IS NULL THEN NULL WHEN {later} < {other_end} THEN TRUE"
    " WHEN {own_end} IS NULL THEN NULL ELSE FALSE END"
)
OVERLAP = (
    "CASE WHEN __s1 IS NULL OR __s2 IS NULL THEN NULL"
    f" WHEN __s1 > __s2 THEN {LATER_START.format(later='__s1', other_end='__e2', own_end='__e1')}"
    f" WHEN __s1 < __s2 THEN {LATER_START.format(later='__s2', other_end='__e1', own_end='__e2')}"
    " WHEN __e1 IS NULL OR __e2 IS NULL THEN NULL ELSE TRUE END"
)


def overlaps_as_comparisons(tree: exp.Expr) -> None:
    """Replace every OVERLAPS with the comparisons PostgreSQL makes."""
    for node in list(tree.find_all(exp.Overlaps)):
        (s1, e1), (s2, e2) = _period(node.this), _period(node.expression)
        parts = {"__s1": s1, "__e1": e1, "__s2": s2, "__e2": e2}
        node.replace(with_parts(OVERLAP, parts))


def _period(node: exp.Expr) -> tuple[exp.Expr, exp.Expr]:
    """A period's start and end, each in order (as with_parts placeholders' definitions)."""
    if not isinstance(node, exp.Tuple) or len(node.expressions) != 2:
        raise UnsupportedError("OVERLAPS compares two periods, each written (start, end).")
    start, end = node.expressions
    if _is_interval(end):
        end = exp.Add(this=start.copy(), expression=end.copy())
    parts = {"__s": start, "__e": end}
    return with_parts(START.format(s="__s", e="__e"), parts), with_parts(
        END.format(s="__s", e="__e"), parts
    )


def _is_interval(node: exp.Expr) -> bool:
    kind = node.type.this if node.type else None
    return isinstance(node, exp.Interval) or kind == exp.DataType.Type.INTERVAL
