"""Expressions in one canonical spelling, so that two ways of writing the same key or condition
compare equal: `lower(email)`, `LOWER(email)`, `lower("email")` and `(lower(o.email))` all read
`LOWER(email)`; `'pending' = status` reads `status = 'pending'`."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

from app.kinds.index.rewrites import TextColumns, single_element_in, without_implicit_casts

DIALECT = "postgres"
FLIPPED: dict[type[exp.Expr], type[exp.Expr]] = {
    exp.GT: exp.LT,
    exp.LT: exp.GT,
    exp.GTE: exp.LTE,
    exp.LTE: exp.GTE,
}
SYMMETRIC = (exp.EQ, exp.NEQ)
DIRECTION = re.compile(r"\b(asc|desc)\b", re.IGNORECASE)
NULLS = re.compile(r"\bnulls\s+(first|last)\b", re.IGNORECASE)


def parse_expression(text: str) -> exp.Expr:
    """One SQL expression in PostgreSQL's syntax; ValueError when it is not one."""
    try:
        parsed = sqlglot.parse_one(text, read=DIALECT)
    except SqlglotError as error:
        raise ValueError(f"not a SQL expression: {text!r} ({error})") from error
    if not isinstance(parsed, exp.Expr):
        raise ValueError(f"not a SQL expression: {text!r}")
    return parsed


def canonical(expression: exp.Expr, text_columns: TextColumns = frozenset()) -> str:
    """The expression's canonical text: no parentheses of its own, no table qualifiers,
    identifiers folded as PostgreSQL folds them, comparisons with their operands in one order,
    none of the casts PostgreSQL adds itself (`text_columns` are the table's text and varchar
    columns), a one-element IN as =."""
    return normalised(expression, text_columns).sql(dialect=DIALECT)


def normalised(expression: exp.Expr, text_columns: TextColumns = frozenset()) -> exp.Expr:
    """The tree `canonical` prints."""
    tree = normalize_identifiers(expression.copy(), dialect=DIALECT)
    for column in tree.find_all(exp.Column):
        column.set("table", None)
        column.set("db", None)
    for identifier in tree.find_all(exp.Identifier):
        identifier.set("quoted", False)
    while isinstance(tree, exp.Paren):
        tree = tree.this
    for paren in list(tree.find_all(exp.Paren)):
        if _redundant(paren):
            paren.replace(paren.this)
    return _bottom_up(tree, text_columns)


def _bottom_up(tree: exp.Expr, text_columns: TextColumns) -> exp.Expr:
    """Every node rewritten after its children (reversed pre-order), so a rewrite sees the
    spelling its operands already have: `'pending'::text = status` loses the cast, then
    turns round."""
    for node in reversed(list(tree.dfs())):
        rewritten = _rewritten(node, text_columns)
        if rewritten is node:
            continue
        if node is tree:
            tree = rewritten
        else:
            node.replace(rewritten)
    return tree


def _redundant(paren: exp.Paren) -> bool:
    """Parentheses that change nothing: around a name, a literal or a call, around a function's
    argument, or around IS [NOT] NULL under NOT. Those around an operator inside another are
    kept: removing them would print `(a + b) * c` as `a + b * c`."""
    inner, parent = paren.this, paren.parent
    if not isinstance(inner, (exp.Binary, exp.Unary)):
        return True
    return isinstance(parent, exp.Func) or (
        isinstance(parent, exp.Not) and isinstance(inner, exp.Is)
    )


def canonical_text(text: str, text_columns: TextColumns = frozenset()) -> str:
    return canonical(parse_expression(text), text_columns)


def _rewritten(node: exp.Expr, text_columns: TextColumns) -> exp.Expr:
    node = without_implicit_casts(single_element_in(node), text_columns)
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Is):
        return exp.Is(this=node.this.this, expression=node.this.expression, negate=True)
    return _ordered_comparison(node)


def _ordered_comparison(node: exp.Expr) -> exp.Expr:
    """`5 < x` as `x > 5`, and `'a' = x` as `x = 'a'`: the constant on the right."""
    if not isinstance(node, (*SYMMETRIC, *FLIPPED)):
        return node
    left, right = node.this, node.expression
    if not _is_constant(left) or _is_constant(right):
        return node
    kind = type(node) if isinstance(node, SYMMETRIC) else FLIPPED[type(node)]
    return kind(this=right, expression=left)


def _is_constant(node: exp.Expr) -> bool:
    return not any(True for _ in node.find_all(exp.Column))


def conjuncts(condition: exp.Expr | None) -> list[exp.Expr]:
    """The terms of a condition's top-level AND, parentheses around it removed."""
    if condition is None:
        return []
    while isinstance(condition, exp.Paren):
        condition = condition.this
    if isinstance(condition, exp.And):
        return conjuncts(condition.this) + conjuncts(condition.expression)
    return [condition]


def fixed_columns(terms: list[exp.Expr], text_columns: TextColumns = frozenset()) -> set[str]:
    """The columns a condition pins to one value (`status = 'pending'`, however spelt): inside
    an index with that condition they are constant, so they never change its order."""
    fixed = set()
    for term in (normalised(term, text_columns) for term in terms):
        column, value = term.this, term.expression
        if isinstance(term, exp.EQ) and isinstance(column, exp.Column) and _is_constant(value):
            fixed.add(column.sql(dialect=DIALECT))
    return fixed


@dataclass(frozen=True)
class OrderedColumn:
    """A `then` column: its canonical expression, and its direction when the spec gives one
    (None: any). NULLS placement is compared only when the spec writes it."""

    expression: str
    written: str
    desc: bool | None
    nulls_first: bool | None


def ordered_column(entry: str, text_columns: TextColumns = frozenset()) -> OrderedColumn:
    """`created_at`, `created_at DESC` or `created_at DESC NULLS LAST`; ValueError otherwise."""
    try:
        select = sqlglot.parse_one(f"SELECT 1 ORDER BY {entry}", read=DIALECT)
    except SqlglotError as error:
        raise ValueError(f"not an ORDER BY item: {entry!r}") from error
    order = select.args.get("order")
    if order is None or len(order.expressions) != 1:
        raise ValueError(f"not one ORDER BY item: {entry!r}")
    item: exp.Ordered = order.expressions[0]
    has_direction = bool(DIRECTION.search(entry))
    desc = bool(item.args.get("desc"))
    return OrderedColumn(
        expression=canonical(item.this, text_columns),
        written=item.this.sql(dialect=DIALECT),
        desc=desc if has_direction else None,
        nulls_first=bool(item.args.get("nulls_first")) if NULLS.search(entry) else None,
    )
