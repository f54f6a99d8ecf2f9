"""The rule library: small pure functions over the parsed document, each judging one
criterion with the candidate's lines as evidence. docs/api-format.md says what each means."""

from __future__ import annotations

from collections.abc import Callable

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.rules.base import Judgement
from app.kinds.api.rules.creation import async_accepted, created_with_location
from app.kinds.api.rules.delivery import streaming, webhooks
from app.kinds.api.rules.errors import auth_errors, problem_details
from app.kinds.api.rules.headers import idempotency_key, precondition
from app.kinds.api.rules.methods import method_semantics
from app.kinds.api.rules.pagination import cursor_pagination
from app.kinds.api.rules.statuses import (
    conflict,
    no_content,
    not_found,
    rate_limited,
    validation_errors,
)
from app.kinds.api.rules.versioning import versioning

CheckRuleFn = Callable[[Document, ApiCheck], Judgement]

CHECKS: dict[str, CheckRuleFn] = {
    "method_semantics": method_semantics,
    "created_with_location": created_with_location,
    "async_accepted": async_accepted,
    "no_content": no_content,
    "validation_errors": validation_errors,
    "auth_errors": auth_errors,
    "not_found": not_found,
    "conflict": conflict,
    "precondition": precondition,
    "rate_limited": rate_limited,
    "problem_details": problem_details,
    "cursor_pagination": cursor_pagination,
    "idempotency_key": idempotency_key,
    "versioning": versioning,
    "webhooks": webhooks,
    "streaming": streaming,
}

TITLES: dict[str, str] = {
    "operations_present": "Every action's operations exist",
    "one_round_trip": "Each action takes one round trip",
    "method_semantics": "Methods mean what they say",
    "created_with_location": "Creation answers 201 with a Location",
    "async_accepted": "Long work answers 202 with a status resource",
    "no_content": "Nothing to return answers 204 without a body",
    "validation_errors": "400 for malformed, 422 for invalid requests",
    "auth_errors": "Authentication declared, 401 apart from 403",
    "not_found": "A missing resource answers 404",
    "conflict": "A clash with the resource's state answers 409",
    "precondition": "Lost updates caught with ETag, If-Match and 412",
    "rate_limited": "Rate limits answer 429 with Retry-After",
    "problem_details": "Errors are RFC 9457 problem details",
    "cursor_pagination": "Lists page by cursor with a bounded limit",
    "idempotency_key": "Retries are safe with an Idempotency-Key",
    "versioning": "One versioning style, used everywhere",
    "webhooks": "Webhooks declared, signed and retried",
    "streaming": "Streamed output as text/event-stream",
}


def title(check: ApiCheck) -> str:
    """The criterion's title: the rule's, naming the operations when there are few."""
    named = f" ({', '.join(check.operations)})" if 0 < len(check.operations) <= 2 else ""
    return TITLES[check.rule] + named
