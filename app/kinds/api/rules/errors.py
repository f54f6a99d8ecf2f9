"""Rules about error answers: problem details (RFC 9457) and authentication (401 vs 403)."""

from __future__ import annotations

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, Part, media
from app.kinds.api.rules.base import Judgement, by_count, combine, judged, targets
from app.kinds.api.schemas import property_names

PROBLEM_MEMBERS = ("type", "title", "status", "detail", "instance")
PROBLEM = "application/problem+json"


def is_error(status: str) -> bool:
    return status[:1] in {"4", "5"} or status == "DEFAULT"


def problem_details(document: Document, check: ApiCheck) -> Judgement:
    present, absent = targets(document, check)
    errors = [
        (op, status, part) for op in present for status, part in op.responses() if is_error(status)
    ]
    fix = (
        "Give every 4xx/5xx response an application/problem+json body with type, title, "
        "status, detail and instance (RFC 9457), so clients handle all errors one way."
    )
    if not errors:
        return judged("missing", [], "No operation declares an error response.", fix)
    each = [_problem(op, status, part, fix) for op, status, part in errors]
    each += [judged("missing", [], f"{name}: not in the document.", fix) for name in absent]
    return combine(each)


def _problem(op: Operation, status: str, response: Part, fix: str) -> Judgement:
    where = f"{op.name} {status.lower()}"
    body = media(response, PROBLEM)
    if body is None:
        return judged("missing", [response.quote()], f"{where}: not application/problem+json.", fix)
    schema = body.child("schema")
    names = set(property_names(schema, 1)) if schema is not None else set()
    lacking = [member for member in PROBLEM_MEMBERS if member not in names]
    if lacking:
        why = f"{where}: problem+json without {', '.join(lacking)}."
        return judged("partial", [body.quote()], why, fix)
    return judged("met", [body.quote()], f"{where}: RFC 9457 problem details.", fix)


def auth_errors(document: Document, check: ApiCheck) -> Judgement:
    fix = (
        "Declare a securityScheme and a security requirement, answer 401 when the caller "
        "is not authenticated and 403 when they are but may not do this."
    )
    present, absent = targets(document, check)
    schemes = Part(document, ()).child("components", "securitySchemes")
    secured = [op for op in present if _secured(document, op)]
    guarded = secured or present  # with no requirement, every operation answers for itself
    parts = {
        "a securityScheme": schemes if schemes is not None and schemes.value else None,
        "401 on every secured operation": _all_have(guarded, "401"),
        "403 on every secured operation": _all_have(guarded, "403"),
    }
    quotes = [part.quote() for part in parts.values() if part is not None]
    quotes += [r.quote() for op in guarded for s in ("401", "403") if (r := op.response(s))]
    lacking = [name for name, part in parts.items() if part is None]
    if not secured:
        lacking.append("a security requirement on the operations")
    lacking += [f"{name} (not in the document)" for name in absent]
    verdict = by_count(4 - len(lacking), 4)
    why = "Authentication: " + (
        f"lacks {'; '.join(lacking)}." if lacking else "401 vs 403 declared."
    )
    return judged(verdict, quotes, why, fix)


def _secured(document: Document, op: Operation) -> bool:
    """Whether the operation requires credentials: its own `security`, or the document's;
    an empty requirement ({}) makes them optional, and `security: []` turns them off."""
    own = op.part.value.get("security")
    required = own if own is not None else document.value.get("security")
    return isinstance(required, list) and bool(required) and all(bool(r) for r in required)


def _all_have(ops: list[Operation], status: str) -> Part | None:
    if not ops or any(op.response(status) is None for op in ops):
        return None
    return ops[0].response(status)
