"""Text made from an unbounded numeric column: refused, because it would not be PostgreSQL's.

PostgreSQL keeps each value of a `numeric` column declared without precision with its own
number of decimals (15.0, 9.375, 80.00) and prints it so. A dataset stores such a column as one
DECIMAL(p, s) (app/catalog/numeric.py), which prints every value with s decimals. The numbers
are equal, so arithmetic, comparisons and grading are unaffected; only text built from them
(a cast to text, `||`, concat, format) would silently differ.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlglot import exp

from app.sqlengine.errors import UnsupportedError

TEXT_TYPES = {
    exp.DataType.Type.TEXT,
    exp.DataType.Type.VARCHAR,
    exp.DataType.Type.CHAR,
    exp.DataType.Type.BPCHAR,
    exp.DataType.Type.NVARCHAR,
    exp.DataType.Type.NCHAR,
}
TEXT_MAKERS = (exp.DPipe, exp.Concat, exp.ConcatWs)
SCALE_SETTERS = (exp.ToChar, exp.Count, exp.Avg)  # their result does not keep a value's scale


def refuse_text_of_unbounded_numeric(tree: exp.Expr, columns: Collection[str]) -> None:
    """Raise UnsupportedError where text is made from one of `columns` (unbounded numerics)."""
    if not columns:
        return
    for node in tree.find_all(exp.Cast, exp.TryCast, exp.Anonymous, *TEXT_MAKERS):
        if _makes_text(node) and (name := _numeric_inside(node, columns)):
            raise UnsupportedError(
                f"{name} is a numeric without a declared scale: PostgreSQL prints each value "
                "with the decimals it was stored with, which this engine does not keep. Give it "
                f"a scale first, e.g. {name}::numeric(12,2)::text, or return the number itself."
            )


def _makes_text(node: exp.Expr) -> bool:
    if isinstance(node, exp.Cast):
        return node.to.this in TEXT_TYPES
    if isinstance(node, exp.Anonymous):
        return node.name.lower() == "format"
    return True


def _numeric_inside(node: exp.Expr, columns: Collection[str]) -> str | None:
    stack = list(node.iter_expressions())
    while stack:
        child = stack.pop()
        if isinstance(child, exp.Column) and child.name in columns:
            return child.name
        if not isinstance(child, SCALE_SETTERS) and not _fixed_scale(child):
            stack.extend(child.iter_expressions())
    return None


def _fixed_scale(node: exp.Expr) -> bool:
    """A cast to numeric(p, s): every value then has s decimals, in PostgreSQL too."""
    return (
        isinstance(node, exp.Cast)
        and node.to.this == exp.DataType.Type.DECIMAL
        and len(node.to.expressions) == 2
    )
