"""The implicit rules, from the prompt's actions: every action's calls exist (matched by
shape), and no action needs more round trips than its calls: a read that returns no body, or
a list of bare ids, sends the client back for one call per item. A read that redirects (a 303
to a download URL) is followed by the HTTP client itself, so it costs the client no call."""

from __future__ import annotations

from collections.abc import Sequence

from app.kinds.api.document import Document
from app.kinds.api.models import ApiAction
from app.kinds.api.operations import Operation, find, header, operations, shape, version
from app.kinds.api.rules.base import Judgement, by_count, combine, judged
from app.kinds.api.schemas import item_properties, schemas

LINK_ONLY = {"id", "href", "url", "link", "self", "uri"}


def operations_present(document: Document, actions: Sequence[ApiAction]) -> Judgement:
    calls = [(action, call) for action in actions for call in action.calls]
    found = [(action, call, find(document, call)) for action, call in calls]
    quotes = [op.quote() for _, _, op in found if op is not None]
    absent = [f"{call} (for {action.id})" for action, call, op in found if op is None]
    fix = "Add the operations the actions need: " + ", ".join(absent) + "." if absent else ""
    why = f"All {len(calls)} operations the actions need are there."
    if absent:
        why = f"Missing: {', '.join(absent)}."
    return judged(by_count(len(quotes), len(calls)), quotes, why, fix)


def one_round_trip(document: Document, actions: Sequence[ApiAction]) -> Judgement:
    return combine([_action(document, action) for action in actions])


def _action(document: Document, action: ApiAction) -> Judgement:
    fix = "Serve each action in one round trip: return what the client shows, not ids to fetch."
    found = [find(document, call) for call in action.calls]
    if any(op is None for op in found):
        return _unserved(document, action, fix)
    chatty = [problem for op in found if op and (problem := _chatty(op))]
    quotes = [op.quote() for op in found if op]
    if chatty:
        return judged("partial", quotes, f"{action.id}: {'; '.join(chatty)}.", fix)
    calls = ", ".join(action.calls)
    return judged("met", quotes, f"{action.id}: served by {calls} in one round trip.", fix)


def _unserved(document: Document, action: ApiAction, fix: str) -> Judgement:
    """Why an action's calls are not there: served under another version only, or absent
    (naming the operations nearest to them)."""
    absent = [call for call in action.calls if find(document, call) is None]
    moved = [(call, op) for call in absent if (op := _other_version(document, call))]
    if moved:
        said = "; ".join(f"{call} exists only as {op.name}" for call, op in moved)
        why = f"{action.id}: {said}: its clients call the version they were written for."
        return judged("missing", [op.quote() for _, op in moved], why, fix)
    near = _neighbours(document, action)
    why = f"{action.id}: its calls are not all there" + (
        f"; the nearest design needs {', '.join(op.name for op in near)}." if near else "."
    )
    return judged("missing", [op.quote() for op in near], why, fix)


def _other_version(document: Document, call: str) -> Operation | None:
    """The operation a call naming a version matches under another version, if any."""
    method, _, path = call.partition(" ")
    return find(document, f"{method} {shape(path)}") if version(path) else None


def _chatty(op: Operation) -> str | None:
    """Why a read sends the client back for more, or None."""
    if op.method != "GET":
        return None
    ok = next((part for status, part in op.responses() if status in {"200", "206"}), None)
    bodies = schemas(ok) if ok is not None else []
    if not bodies and ok is None and _redirects(op):
        return None  # HTTP clients follow a redirect themselves: no call of the client's own
    if not bodies:
        return f"{op.name} returns no body, so the client needs another call to read it"
    listed = [item_properties(schema) for schema in bodies]
    if any(names is not None and names <= LINK_ONLY for names in listed):
        return f"{op.name} lists bare ids: the client then calls once per item (N+1)"
    return None


def _redirects(op: Operation) -> bool:
    """Whether the read answers with a redirect that says where to go (304 is a cache's
    answer, not a redirect)."""
    return any(
        status.startswith("3") and status != "304" and header(part, "Location") is not None
        for status, part in op.responses()
    )


def _neighbours(document: Document, action: ApiAction) -> list[Operation]:
    """The operations under the same first path segment as the action's calls."""
    heads = {shape(call.split(" ", 1)[1]).strip("/").split("/")[0] for call in action.calls}
    ops = operations(document)
    return [op for op in ops if op.shape.strip("/").split("/")[0] in heads][:4]
