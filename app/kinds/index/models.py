"""Index questions: a slow query with its captured plans, and what every index that serves the
query as well as the reference must have (`[accept]`), checked structurally."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from app.bank.models import QuestionBase, Strict
from app.kinds.index.normalise import ordered_column, parse_expression

Method = Literal["btree", "gin", "brin", "hash", "gist", "spgist"]
FindingCode = Literal[
    "invalid",  # a statement PostgreSQL refuses (a multicolumn hash index ...)
    "table",  # another table
    "method",  # another access method (USING)
    "unique",  # a UNIQUE index: a constraint the query does not ask for
    "missing_key",  # a column the query needs is not in the key
    "expression",  # the expression the query filters on is not the key
    "order",  # the key's columns are in an order that does not serve the query
    "direction",  # ASC/DESC or NULLS placement that cannot give the ORDER BY read either way
    "include",  # a column an index-only scan needs is neither in the key nor INCLUDE
    "predicate",  # a partial index's WHERE is missing or not implied by the query
    "extra_columns",  # key columns beyond what the query needs, where the spec forbids them
    "operator_class",  # an operator class that does not support the query's operator
]
CAPTURE_NAME = r"^index-[a-z0-9]+(-[a-z0-9]+)*-(before|after)$"


class AcceptSpec(Strict):
    """What every accepted index has; see docs/index-format.md for how each part is compared."""

    table: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    method: Method | list[Method] = "btree"  # a list when several serve the query as well
    equality: list[str] = Field(default_factory=list)  # leading key columns, in any order
    then: list[str] = Field(default_factory=list)  # the next key columns, in this order
    include: list[str] = Field(default_factory=list)  # in the key or in INCLUDE
    predicate: str = ""  # the WHERE a partial index must have ("" = none needed)
    # Conditions of the query that are the same on every call (not parameters): a partial
    # index's WHERE may use them besides `predicate`'s.
    constant_conditions: list[str] = Field(default_factory=list)
    expression: str = ""  # an expression key, leading with the equality columns
    extra_key_columns: Literal["allowed", "forbidden"] = "allowed"
    operator_classes: list[str] = Field(default_factory=list)  # accepted besides the default

    @field_validator("equality", "include", "constant_conditions")
    @classmethod
    def _expressions(cls, entries: list[str]) -> list[str]:
        for entry in entries:
            parse_expression(entry)
        return entries

    @field_validator("then")
    @classmethod
    def _ordered(cls, entries: list[str]) -> list[str]:
        for entry in entries:
            ordered_column(entry)
        return entries

    @field_validator("predicate", "expression")
    @classmethod
    def _optional_expression(cls, entry: str) -> str:
        if entry:
            parse_expression(entry)
        return entry

    def methods(self) -> tuple[Method, ...]:
        return (self.method,) if isinstance(self.method, str) else tuple(self.method)

    @model_validator(mode="after")
    def _has_a_key(self) -> AcceptSpec:
        if not self.methods():
            raise ValueError("[accept] method needs at least one access method")
        if not (self.equality or self.then or self.expression):
            raise ValueError("[accept] needs at least one key: equality, then or expression")
        return self


class ReferenceIndex(Strict):
    sql: str = Field(min_length=10)


class WrongIndex(Strict):
    """A tempting index the grader must reject with this finding (proven by the check)."""

    sql: str = Field(min_length=1)
    finding: FindingCode | Literal["rejected"]
    note: str = ""  # why it tempts, and what it gets wrong


class IndexQuestion(QuestionBase):
    kind: Literal["index"]
    query: str = Field(min_length=10)  # the query the index is for, as captured
    before: str = Field(pattern=CAPTURE_NAME)  # the capture of the slow plan
    after: str = Field(pattern=CAPTURE_NAME)  # the capture with the reference index
    statistics: str = Field(min_length=10)  # markdown: the statistics that matter
    reference: ReferenceIndex
    accept: AcceptSpec
    wrong_answers: list[WrongIndex] = Field(min_length=2, max_length=4)

    @field_validator("query")
    @classmethod
    def _parses(cls, query: str) -> str:
        parse_expression(query)
        return query
