"""Rules about request and response headers: idempotency keys and conditional requests."""

from __future__ import annotations

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, Part, find, header
from app.kinds.api.rules.base import Judgement, by_count, judged, per_operation
from app.kinds.api.schemas import property_names


def idempotency_key(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, _idempotency)


def _idempotency(op: Operation) -> Judgement:
    fix = (
        f"Take an Idempotency-Key request header on {op.name}: a retry with the same key "
        "gets the first answer back instead of doing the work twice."
    )
    key = op.parameter("header", "Idempotency-Key")
    if key is not None:
        why = f"{op.name}: an Idempotency-Key header makes a client's retry safe."
        return judged("met", [key.quote("name")], why, fix)
    in_body = _body_key(op)
    if in_body is not None:
        why = (
            f"{op.name}: a key in the body works, but the Idempotency-Key header is the "
            "convention, and middleware can read it without parsing the body."
        )
        return judged("partial", [in_body.quote()], why, fix)
    why = f"{op.name}: nothing makes a retry safe: a retried request does the work twice."
    return judged("missing", [op.quote()], why, fix)


def _body_key(op: Operation) -> Part | None:
    body = op.request_body()
    names = property_names(body) if body is not None else {}
    found = [part for name, part in names.items() if "idempoten" in name.lower()]
    return found[0] if found else None


def precondition(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, lambda op: _precondition(document, op))


def _precondition(document: Document, op: Operation) -> Judgement:
    fix = (
        f"Send an ETag with the resource, take If-Match on {op.name} and answer 412 "
        "Precondition Failed when it no longer matches (lost updates caught)."
    )
    parts = {
        "an ETag response header": _etag(document, op),
        "an If-Match request header": op.parameter("header", "If-Match"),
        "412 Precondition Failed": op.response("412"),
    }
    present = [part.quote("name") for part in parts.values() if part is not None]
    lacking = [name for name, part in parts.items() if part is None]
    verdict = by_count(len(present), len(parts))
    why = f"{op.name}: optimistic concurrency " + (
        f"lacks {', '.join(lacking)}." if lacking else "with ETag, If-Match and 412."
    )
    return judged(verdict, present or [op.quote()], why, fix)


def _etag(document: Document, op: Operation) -> Part | None:
    """An ETag on the operation's own responses or on the GET of the same resource."""
    reads = [op, find(document, f"GET {op.path}")]
    for candidate in reads:
        for _, response in candidate.responses() if candidate else []:
            found = header(response, "ETag")
            if found is not None:
                return found
    return None
