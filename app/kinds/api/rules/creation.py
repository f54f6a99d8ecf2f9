"""Creation and work that outlives its request, two rules with two sound designs between
them: 201 Created with a Location (the resource exists at once, its `status` pending while
the work runs) and 202 Accepted with a Location to a status resource (only a request exists
yet). Each rule meets its own design; the other is partial with the reason, or met when the
prompt's check accepts it (`accept`)."""

from __future__ import annotations

from dataclasses import dataclass

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, Part, header
from app.kinds.api.rules.base import Judgement, judged, per_operation
from app.kinds.api.schemas import property_names

STATUS_FIELDS = ("status", "state")
# Words of a status value that says the work is still running
PENDING_WORDS = ("pending", "process", "queue", "running", "progress", "wait", "accepted",
                 "submitted", "started", "scheduled", "received")  # fmt: skip


@dataclass(frozen=True)
class Answered:
    """A response of a design, the Location header it points with, and a status field."""

    response: Part
    location: Part | None
    status: Part | None = None

    def quotes(self) -> list[str]:
        parts = [self.response, self.location, self.status]
        return [part.quote() for part in parts if part is not None]


def created(op: Operation) -> Answered | None:
    response = op.response("201")
    if response is None:
        return None
    return Answered(response, header(response, "Location"), pending_status(response))


def accepted(op: Operation) -> Answered | None:
    response = op.response("202")
    if response is None:
        return None
    return Answered(response, header(response, "Location", "Content-Location"))


def pending_status(response: Part) -> Part | None:
    """The body's status field, when it can say the work is still running (no enum, or an
    enum with a pending value)."""
    names = property_names(response)
    field = next((names[name] for name in STATUS_FIELDS if name in names), None)
    if field is None or not isinstance(field.value, dict):
        return None
    values = field.value.get("enum")
    if not isinstance(values, list):
        return field
    pending = any(word in str(value).lower() for value in values for word in PENDING_WORDS)
    return field if pending else None


def created_with_location(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, lambda op: _created(op, check.accepts("202")))


def _created(op: Operation, accepts_202: bool) -> Judgement:
    fix = "Answer a creation with 201 Created and a Location header naming the new resource."
    found, queued = created(op), accepted(op)
    if found is None and queued is not None and queued.location is not None:
        return _created_later(op, queued, accepts_202, fix)
    if found is None:
        said = ", ".join(status for status, _ in op.responses()) or "nothing"
        why = f"{op.name}: creates, yet answers {said}, not 201."
        return judged("missing", [op.quote()], why, fix)
    if found.location is None:
        why = (
            f"{op.name}: 201 without a Location header: the client cannot tell where the "
            "new resource lives."
        )
        return judged("partial", [found.response.quote()], why, fix)
    why = f"{op.name}: 201 Created with a Location header pointing at the new resource."
    return judged("met", [found.response.quote(), found.location.quote()], why, fix)


def _created_later(op: Operation, queued: Answered, accepts_202: bool, fix: str) -> Judgement:
    if accepts_202:
        why = (
            f"{op.name}: 202 Accepted with a Location to a status resource: the resource "
            "is made once the work is done, which this contract allows."
        )
        return judged("met", queued.quotes(), why, fix)
    why = (
        f"{op.name}: 202 Accepted with a Location to a status resource: sound when the "
        "resource exists only once the work is done; here it can exist at once, so 201 "
        "Created with its Location names it (a `status` field can say it is still pending)."
    )
    return judged("partial", queued.quotes(), why, fix)


def async_accepted(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, lambda op: _accepted(op, check.accepts("201-pending")))


def _accepted(op: Operation, accepts_pending: bool) -> Judgement:
    fix = (
        "Answer long work with 202 Accepted and a Location header to a status resource "
        "the client polls."
    )
    queued, found = accepted(op), created(op)
    if queued is None and found is not None and found.location and found.status:
        return _accepted_as_created(op, found, accepts_pending, fix)
    if queued is None:
        why = f"{op.name}: no 202 Accepted: the client waits on work that outlives a request."
        return judged("missing", [op.quote()], why, fix)
    if queued.location is None:
        why = (
            f"{op.name}: 202 Accepted, but no Location to a status resource: the client "
            "cannot follow the work."
        )
        return judged("partial", [queued.response.quote()], why, fix)
    why = f"{op.name}: 202 Accepted with a Location to poll for the work's status."
    return judged("met", queued.quotes(), why, fix)


def _accepted_as_created(op: Operation, found: Answered, accepts: bool, fix: str) -> Judgement:
    if accepts:
        why = (
            f"{op.name}: 201 Created with a Location to a resource whose status says the "
            "work is pending: the client polls that resource, which this contract allows."
        )
        return judged("met", found.quotes(), why, fix)
    why = (
        f"{op.name}: 201 Created with a Location to a resource whose status tracks the "
        "work: sound when the resource exists at once, but here only a request exists yet, "
        "and 202 Accepted says that the work has not been done."
    )
    return judged("partial", found.quotes(), why, fix)
