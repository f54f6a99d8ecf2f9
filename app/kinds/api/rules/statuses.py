"""Rules about the status codes an operation answers with, and what goes with them."""

from __future__ import annotations

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, Part, header
from app.kinds.api.rules.base import Judgement, by_count, judged, per_operation


def _ranged(op: Operation, status: str) -> Part | None:
    """The response for a status, or failing that its class (4XX) or `default`."""
    return op.response(status) or op.response(f"{status[0]}XX") or op.response("default")


def no_content(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, _no_content)


def _no_content(op: Operation) -> Judgement:
    fix = "Answer an operation with nothing to return with 204 No Content and no body."
    empty, ok = op.response("204"), op.response("200")
    if empty is not None:
        return _empty(op, empty, fix)
    if ok is None:
        return judged("missing", [op.quote()], f"{op.name}: no 204 No Content.", fix)
    if ok.child("content") is None:
        why = f"{op.name}: 200 with no body: 204 No Content says so in the status."
        return judged("partial", [ok.quote()], why, fix)
    if op.method == "DELETE":  # RFC 9110 section 9.3.5: 200 with a representation of the outcome
        why = f"{op.name}: 200 with a representation of what was deleted, as a DELETE may."
        return judged("met", [ok.quote()], why, fix)
    why = f"{op.name}: 200 with a body, where there is nothing to return: 204 No Content."
    return judged("missing", [ok.quote()], why, fix)


def _empty(op: Operation, empty: Part, fix: str) -> Judgement:
    if empty.child("content") is not None:
        why = f"{op.name}: 204 declares a body, but a 204 response never has one."
        return judged("partial", [empty.quote()], why, fix)
    return judged("met", [empty.quote()], f"{op.name}: 204 No Content with no body.", fix)


def validation_errors(document: Document, check: ApiCheck) -> Judgement:
    statuses = [str(status) for status in check.statuses] or ["400", "422"]
    return per_operation(document, check, lambda op: _validation(op, statuses))


def _validation(op: Operation, statuses: list[str]) -> Judgement:
    fix = (
        "Answer a malformed request (bad JSON, wrong types) with 400 and a well-formed "
        "one that breaks a rule with 422, as the contract says."
    )
    found = [(status, op.response(status)) for status in statuses]
    parts = [part.quote() for _, part in found if part is not None]
    lacking = [status for status, part in found if part is None]
    verdict = by_count(len(parts), len(statuses))
    why = f"{op.name}: declares {', '.join(s for s, p in found if p) or 'no validation error'}"
    why += f"; lacks {', '.join(lacking)}." if lacking else "."
    return judged(verdict, parts or [op.quote()], why, fix)


def not_found(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, lambda op: _declared(op, "404", "Not Found"))


def conflict(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, lambda op: _declared(op, "409", "Conflict"))


def _declared(op: Operation, status: str, title: str) -> Judgement:
    fix = f"Declare {status} {title} on {op.name} with what the client should do about it."
    exact = op.response(status)
    if exact is not None:
        return judged("met", [exact.quote()], f"{op.name}: declares {status} {title}.", fix)
    broad = _ranged(op, status)
    if broad is not None:
        why = (
            f"{op.name}: only a catch-all response covers {status}: the client cannot "
            f"tell {title} apart."
        )
        return judged("partial", [broad.quote()], why, fix)
    return judged("missing", [op.quote()], f"{op.name}: no {status} {title}.", fix)


def rate_limited(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, _rate_limited)


def _rate_limited(op: Operation) -> Judgement:
    fix = (
        "Declare 429 Too Many Requests with a Retry-After header so clients know when to come back."
    )
    limited = op.response("429")
    if limited is None:
        return judged("missing", [op.quote()], f"{op.name}: no 429 Too Many Requests.", fix)
    retry = header(limited, "Retry-After")
    if retry is None:
        why = f"{op.name}: 429 without Retry-After: clients will guess when to retry, all at once."
        return judged("partial", [limited.quote()], why, fix)
    why = f"{op.name}: 429 with Retry-After."
    return judged("met", [limited.quote(), retry.quote()], why, fix)
