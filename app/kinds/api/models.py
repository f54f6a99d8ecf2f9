"""An API-design prompt: the user actions the API must serve, the structural checks its design
is graded on (rules of app/kinds/api/rules/ with their parameters), and a reference document.

Operations are written "METHOD /path"; paths match by shape, so /payments/{id} and
/payments/{paymentId} are the same operation (a path naming a version, /v1/..., needs it).
docs/api-format.md describes every rule.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import Field, field_validator, model_validator

from app.bank.models import QuestionBase, Strict
from app.feedback.model import Level

# Rules every prompt is graded on, from its actions (no [[checks]] entry names them)
IMPLICIT_RULES: tuple[str, ...] = ("operations_present", "one_round_trip")
CheckRule = Literal[
    "method_semantics",
    "created_with_location",
    "async_accepted",
    "no_content",
    "validation_errors",
    "auth_errors",
    "not_found",
    "conflict",
    "precondition",
    "rate_limited",
    "problem_details",
    "cursor_pagination",
    "idempotency_key",
    "versioning",
    "webhooks",
    "streaming",
]
# Rules a prompt asks for in its [[checks]]
CHECK_RULES: tuple[str, ...] = get_args(CheckRule)
RULES: tuple[str, ...] = IMPLICIT_RULES + CHECK_RULES
# Rules that judge named operations and need at least one; the others judge every operation
# of the document when `operations` is empty (versioning and webhooks read the whole document)
NEEDS_OPERATIONS: frozenset[str] = frozenset(
    {
        "created_with_location",
        "async_accepted",
        "no_content",
        "validation_errors",
        "not_found",
        "conflict",
        "precondition",
        "cursor_pagination",
        "idempotency_key",
        "streaming",
    }
)
WHOLE_DOCUMENT: frozenset[str] = frozenset({"versioning", "webhooks"})

METHODS: tuple[str, ...] = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE")
OPERATION = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (/[^\s]*)$")
VersionStyle = Literal["any", "path", "header", "media_type"]
ValidationStatus = Literal[400, 422]
# Two sound ways to answer work that outlives the request: 202 Accepted with a Location to a
# status resource, or 201 Created with a Location to a resource whose `status` is pending
AcceptedDesign = Literal["201", "201-pending", "202"]
# The designs a rule can accept as met (`accept`): its own first, then the other one
DESIGNS: dict[str, tuple[AcceptedDesign, AcceptedDesign]] = {
    "async_accepted": ("202", "201-pending"),
    "created_with_location": ("201", "202"),
}


def check_operation(text: str) -> str:
    """An operation as prompts write it: an upper-case method, one space, a path from /."""
    if not OPERATION.match(text):
        raise ValueError(f"operation {text!r} must be 'METHOD /path' (e.g. 'POST /payments')")
    return text


class ApiAction(Strict):
    """A user action the API must serve, and the operations that serve it in one round trip."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    says: str = Field(min_length=10)  # the action in the user's words
    calls: list[str] = Field(min_length=1)

    @field_validator("calls")
    @classmethod
    def _operations(cls, calls: list[str]) -> list[str]:
        return [check_operation(call) for call in calls]


class ApiCheck(Strict):
    """One criterion of the structural rubric: a rule of the library, where it applies, and
    the rule's parameters (only the rule that reads a parameter may set it)."""

    rule: CheckRule
    id: str | None = Field(default=None, pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$")
    operations: list[str] = Field(default_factory=list)
    level: Level = "mid"  # the lowest level expected to get it right unprompted
    # validation_errors: the statuses the prompt's contract asks for (400 malformed, 422
    # well-formed but invalid)
    statuses: list[ValidationStatus] = Field(default_factory=list)
    versioning: VersionStyle = "any"  # versioning: the style the prompt asks for
    events: list[str] = Field(default_factory=list)  # webhooks: the events that must be sent
    max_limit: int | None = Field(default=None, ge=1)  # cursor_pagination: the page-size cap
    # async_accepted, created_with_location: the designs met (default: the rule's own; the
    # other scores partial), when the prompt's contract makes both sound
    accept: list[AcceptedDesign] = Field(default_factory=list)

    @field_validator("operations")
    @classmethod
    def _operations(cls, operations: list[str]) -> list[str]:
        return [check_operation(operation) for operation in operations]

    @model_validator(mode="after")
    def _fits_its_rule(self) -> ApiCheck:
        if self.rule in NEEDS_OPERATIONS and not self.operations:
            raise ValueError(f"check {self.rule!r} must name the operations it applies to")
        if self.rule in WHOLE_DOCUMENT and self.operations:
            raise ValueError(f"check {self.rule!r} reads the whole document: no operations")
        for name, rules in PARAMETERS.items():
            if getattr(self, name) != DEFAULTS[name] and self.rule not in rules:
                owners = " or ".join(repr(rule) for rule in rules)
                raise ValueError(f"{name!r} is a parameter of {owners}, not of {self.rule!r}")
        if self.accept:
            _check_accept(self.rule, self.accept)
        return self

    def accepts(self, design: AcceptedDesign) -> bool:
        """Whether a design scores met: the rule's own always, the other when `accept` says."""
        return design == DESIGNS[self.rule][0] or design in self.accept

    @property
    def criterion_id(self) -> str:
        """The criterion's id in the feedback: `id`, or the rule's name."""
        return self.id or self.rule


def _check_accept(rule: str, accept: list[AcceptedDesign]) -> None:
    own, other = DESIGNS[rule]
    if not set(accept) <= {own, other} or own not in accept:
        raise ValueError(f"{rule!r} accepts {own!r} and may also accept {other!r}")


PARAMETERS: dict[str, tuple[str, ...]] = {
    "statuses": ("validation_errors",),
    "versioning": ("versioning",),
    "events": ("webhooks",),
    "max_limit": ("cursor_pagination",),
    "accept": tuple(DESIGNS),
}
DEFAULTS: dict[str, object] = {
    "statuses": [],
    "versioning": "any",
    "events": [],
    "max_limit": None,
    "accept": [],
}


class ApiReference(Strict):
    document: str = Field(min_length=40)  # OpenAPI 3.1, YAML: the reference design
    rationale: str = Field(min_length=20)  # markdown: the reference's trade-offs


class ApiQuestion(QuestionBase):
    kind: Literal["api"]
    actions: list[ApiAction] = Field(min_length=1)
    checks: list[ApiCheck] = Field(min_length=1)
    reference: ApiReference

    @model_validator(mode="after")
    def _unique_ids(self) -> ApiQuestion:
        actions = [action.id for action in self.actions]
        if len(actions) != len(set(actions)):
            raise ValueError("action ids must be unique within a prompt")
        criteria = [*IMPLICIT_RULES, *(check.criterion_id for check in self.checks)]
        if len(criteria) != len(set(criteria)):
            raise ValueError(
                "criterion ids must be unique: give a rule used twice an `id` of its own"
            )
        return self

    def criterion_ids(self) -> list[str]:
        """The criteria every answer is judged on, in order: the implicit ones, then the checks."""
        return [*IMPLICIT_RULES, *(check.criterion_id for check in self.checks)]
