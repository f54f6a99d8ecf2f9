"""What a body's schema holds: its property names (through $ref, allOf and array items), as
the rules ask "does this response carry a cursor?" or "which problem members are there?"."""

from __future__ import annotations

from app.kinds.api.operations import Part

MAX_DEPTH = 3  # nested objects read this deep: a next link sits at most in `links.next`
JSON_TYPES = ("application/json", "application/problem+json")


def schemas(part: Part) -> list[Part]:
    """The schemas of a response's or request body's content, every media type."""
    content = part.child("content")
    found = [entry.child("schema") for _, entry in content.items()] if content else []
    return [schema for schema in found if schema is not None]


def property_names(part: Part, depth: int = MAX_DEPTH) -> dict[str, Part]:
    """Property names (nested ones dotted: links.next) of a body or a schema, with their parts."""
    if part.child("content") is not None:
        merged: dict[str, Part] = {}
        for schema in schemas(part):
            merged |= _properties(schema, depth)
        return merged
    return _properties(part, depth)


def _properties(schema: Part, depth: int) -> dict[str, Part]:
    found: dict[str, Part] = {}
    if depth <= 0:
        return found
    for keyword in ("allOf", "oneOf", "anyOf"):
        listed = schema.child(keyword)
        for _, member in listed.items() if listed else []:
            found |= _properties(member, depth)
    listed = schema.child("properties")
    for name, prop in listed.items() if listed else []:
        found[name] = prop
        found |= {f"{name}.{k}": v for k, v in _properties(prop, depth - 1).items()}
    items = schema.child("items")
    if items is not None:
        found |= _properties(items, depth)
    return found


def item_properties(schema: Part) -> set[str] | None:
    """The property names of a list's items, when the schema (or its data/items field) is an
    array of objects; an empty set for an array of bare values; None when it is no list."""
    for candidate in (
        schema,
        schema.child("properties", "data"),
        schema.child("properties", "items"),
    ):
        if candidate is not None and candidate.value.get("type") == "array":
            items = candidate.child("items")
            return set(_properties(items, 1)) if items is not None else set()
    return None
