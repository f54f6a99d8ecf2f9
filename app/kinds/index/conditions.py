"""What the query's WHERE lets a partial index assume: its own top-level conditions, and the
IS NOT NULL each strict comparison implies (`user_id = 14035` holds for no NULL user_id, as
PostgreSQL's predicate prover knows), also through strict functions (`lower(email) = ...` holds
for no NULL email)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from app.kinds.index.normalise import canonical, conjuncts, normalised, parse_expression
from app.kinds.index.rewrites import TextColumns

# Comparisons that are never true when a compared value is NULL.
STRICT = (
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Like,
    exp.ILike,
    exp.In,
    exp.Between,
    exp.ArrayContainsAll,
)
# Functions and operators that return NULL when an argument is NULL (parentheses pass it on).
STRICT_FUNCTIONS = (
    exp.Lower,
    exp.Upper,
    exp.Trim,
    exp.DateTrunc,
    exp.TimestampTrunc,
    exp.Cast,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Mod,
    exp.Neg,
    exp.Paren,
)


@dataclass(frozen=True)
class QueryConditions:
    terms: tuple[str, ...]  # canonical terms of the top-level AND of the query's WHERE
    not_null: frozenset[str]  # canonical `x IS NOT NULL` those terms imply

    def implies(self, term: str) -> bool:
        return term in self.terms or term in self.not_null


def query_conditions(query: str, text_columns: TextColumns = frozenset()) -> QueryConditions:
    statement = parse_expression(query)
    where = statement.args.get("where")
    terms = [
        normalised(term, text_columns)
        for term in conjuncts(where.this if isinstance(where, exp.Where) else None)
    ]
    return QueryConditions(
        terms=tuple(canonical(term) for term in terms),
        not_null=frozenset(not_null for term in terms for not_null in _not_null(term)),
    )


def _not_null(term: exp.Expr) -> list[str]:
    if not isinstance(term, STRICT):
        return []
    sides = [term.this] + ([term.expression] if isinstance(term, exp.Binary) else [])
    return [
        canonical(exp.Is(this=value.copy(), expression=exp.Null(), negate=True))
        for side in sides
        if side is not None
        for value in _strict_operands(side)
        if not isinstance(value, exp.Paren) and any(True for _ in value.find_all(exp.Column))
    ]


def _strict_operands(value: exp.Expr) -> list[exp.Expr]:
    """`value` and what it is computed from through strict functions: `lower(email)` is NULL
    when email is, so wherever it is compared, email IS NOT NULL holds too."""
    found = [value]
    if isinstance(value, STRICT_FUNCTIONS):
        for operand in value.iter_expressions():
            found += _strict_operands(operand)
    return found
