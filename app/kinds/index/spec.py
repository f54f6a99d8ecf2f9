"""An `[accept]` spec read into canonical parts the grader compares a candidate with."""

from __future__ import annotations

from dataclasses import dataclass

from app.kinds.index.models import AcceptSpec
from app.kinds.index.normalise import (
    OrderedColumn,
    canonical,
    canonical_text,
    conjuncts,
    fixed_columns,
    ordered_column,
    parse_expression,
)
from app.kinds.index.rewrites import TextColumns


@dataclass(frozen=True)
class RequiredIndex:
    table: str
    methods: tuple[str, ...]  # the first is the one the reference uses
    equality: tuple[str, ...]  # canonical; the expression key first when there is one
    then: tuple[OrderedColumn, ...]
    include: tuple[str, ...]
    predicate: tuple[str, ...]  # canonical terms of the WHERE it must have
    pinned: frozenset[str]  # the columns that WHERE fixes to one value
    constant: tuple[str, ...]  # canonical query conditions a partial index may use besides
    expression: str  # canonical expression key, "" when none
    expression_written: str  # that expression as the spec writes it
    extra_allowed: bool
    operator_classes: frozenset[str]

    @property
    def directions_matter(self) -> bool:
        return any(c.desc is not None or c.nulls_first is not None for c in self.then)

    @property
    def key(self) -> tuple[str, ...]:
        return self.equality + tuple(column.expression for column in self.then)


def required_index(spec: AcceptSpec, text_columns: TextColumns = frozenset()) -> RequiredIndex:
    """`spec` read as the candidate is, with the same text and varchar columns."""
    expression = canonical_text(spec.expression, text_columns) if spec.expression else ""
    equality = tuple(canonical_text(entry, text_columns) for entry in spec.equality)
    then = tuple(ordered_column(entry, text_columns) for entry in spec.then)
    if expression and expression not in equality + tuple(c.expression for c in then):
        equality = (expression, *equality)
    predicate = parse_expression(spec.predicate) if spec.predicate else None
    return RequiredIndex(
        table=spec.table,
        methods=spec.methods(),
        equality=equality,
        then=then,
        include=tuple(canonical_text(entry) for entry in spec.include),
        predicate=tuple(canonical(term, text_columns) for term in conjuncts(predicate)),
        pinned=frozenset(fixed_columns(conjuncts(predicate), text_columns)),
        constant=tuple(canonical_text(entry, text_columns) for entry in spec.constant_conditions),
        expression=expression,
        expression_written=spec.expression.strip(),
        extra_allowed=spec.extra_key_columns == "allowed",
        operator_classes=frozenset(name.lower() for name in spec.operator_classes),
    )
