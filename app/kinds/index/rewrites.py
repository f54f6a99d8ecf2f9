"""What PostgreSQL reads as the same expression, rewritten to one spelling: the casts it adds
itself (`lower((email)::text)` is how a plan prints `lower(email)` on a varchar column,
`'pending'::text` how it prints a string literal) and a one-element IN (`status IN ('pending')`
is `status = 'pending'` to its parser)."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError

TextColumns = frozenset[str]  # canonical names of the table's text and varchar columns
STRING_TYPES = (exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR)


def is_string_type(written: str) -> bool:
    """Whether a column type as the schema writes it (`text`, `varchar(255)`) is text-like:
    a cast to text or to an unbounded varchar leaves its values as they are."""
    try:
        kind = exp.DataType.build(written, dialect="postgres")
    except (SqlglotError, ValueError):
        return False
    return kind.this in STRING_TYPES


def without_implicit_casts(node: exp.Expr, text_columns: TextColumns) -> exp.Expr:
    """`email::text` as `email` when email is already text or varchar, and `'pending'::text`
    as `'pending'`. A cast that changes the type or the value (`user_id::text`,
    `email::varchar(10)`) is kept."""
    if not isinstance(node, exp.Cast) or not _to_unbounded_string(node.to):
        return node
    value = node.this
    while isinstance(value, exp.Paren):
        value = value.this
    if isinstance(value, exp.Literal) and value.is_string:
        return value
    if isinstance(value, exp.Column) and value.name in text_columns:
        return value
    return node


def _to_unbounded_string(kind: exp.DataType) -> bool:
    return kind.this in STRING_TYPES and not kind.expressions


def single_element_in(node: exp.Expr) -> exp.Expr:
    """`x IN (v)` as `x = v`, as PostgreSQL parses it; and since it reads `NOT x = v` as
    `x <> v` (and the reverse), `x NOT IN (v)` as `x <> v`. Rewritten after its operands, so
    the IN under a NOT is already an =."""
    if _is_single_in(node):
        return exp.EQ(this=node.this, expression=node.expressions[0])
    inner = node.this if isinstance(node, exp.Not) else None
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if isinstance(inner, (exp.EQ, exp.NEQ)):
        negated = exp.NEQ if isinstance(inner, exp.EQ) else exp.EQ
        return negated(this=inner.this, expression=inner.expression)
    return node


def _is_single_in(node: exp.Expr) -> bool:
    """A literal list of one value: not a subquery, not UNNEST."""
    return (
        isinstance(node, exp.In)
        and len(node.expressions) == 1
        and not node.args.get("query")
        and not node.args.get("unnest")
        and not node.args.get("field")
    )
