"""Cursor pagination: a cursor parameter, the next cursor (or link) in the response, and a
bounded page size. Offset pagination pages, but skips and repeats rows as rows are added."""

from __future__ import annotations

from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, Part, header
from app.kinds.api.rules.base import Judgement, by_count, judged, per_operation
from app.kinds.api.schemas import property_names

CURSORS = ("cursor", "after", "before", "page_token", "pagetoken", "starting_after",
           "next", "next_token", "continuation", "page[cursor]", "page[after]")  # fmt: skip
LIMITS = ("limit", "page_size", "pagesize", "per_page", "size", "first", "max_results",
          "maxresults", "page[size]")  # fmt: skip
OFFSETS = ("offset", "page", "skip", "page_number", "pagenumber", "start")


def cursor_pagination(document: Document, check: ApiCheck) -> Judgement:
    return per_operation(document, check, lambda op: _paginated(op, check.max_limit))


def _query(op: Operation, names: tuple[str, ...]) -> Part | None:
    for parameter in op.parameters():
        name = str(parameter.value.get("name", "")).lower()
        if parameter.value.get("in") == "query" and name in names:
            return parameter
    return None


def _next_in_response(op: Operation) -> Part | None:
    ok = op.response("200")
    if ok is None:
        return None
    names = property_names(ok)
    found = [p for name, p in names.items() if _says_next(name.rsplit(".", 1)[-1])]
    return found[0] if found else header(ok, "Link")


def _says_next(name: str) -> bool:
    lowered = name.lower().replace("-", "_")
    return "cursor" in lowered or lowered.startswith("next") or lowered == "continuation"


def _bounded(limit: Part | None, max_limit: int | None) -> bool:
    schema = limit.child("schema") if limit is not None else None
    maximum = schema.value.get("maximum") if schema is not None else None
    if not isinstance(maximum, int | float):
        return False
    return max_limit is None or maximum <= max_limit


def _paginated(op: Operation, max_limit: int | None) -> Judgement:
    fix = (
        f"Page {op.name} with a cursor: take `cursor` and a `limit` with a maximum, and "
        "return the next cursor (null on the last page)."
    )
    cursor, limit, after = _query(op, CURSORS), _query(op, LIMITS), _next_in_response(op)
    offset = _query(op, OFFSETS)
    if cursor is None and offset is not None:
        why = (
            f"{op.name}: offset pagination: rows added while a client pages shift every "
            "page (skipped and repeated items), and deep offsets get slower."
        )
        return judged("partial", [offset.quote("name")], why, fix)
    parts = {"a cursor parameter": cursor, "the next cursor in the response": after}
    parts["a limit with a maximum"] = limit if _bounded(limit, max_limit) else None
    present = [part.quote("name") for part in parts.values() if part is not None]
    lacking = [name for name, part in parts.items() if part is None]
    why = f"{op.name}: " + (
        f"lacks {', '.join(lacking)}." if lacking else "cursor pagination, bounded."
    )
    return judged(by_count(len(present), len(parts)), present or [op.quote()], why, fix)
