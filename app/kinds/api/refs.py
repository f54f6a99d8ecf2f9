"""Local references: a JSON pointer read as a path, and a path followed through $ref chains."""

from __future__ import annotations

from app.kinds.api.document import Document, JsonPath

MAX_HOPS = 16  # a chain of $refs longer than this is a loop


def pointer_path(ref: str) -> JsonPath:
    """`#/components/responses/Conflict` as the path ("components", "responses", "Conflict")."""
    pointer = ref.removeprefix("#").removeprefix("/")
    if not pointer:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/"))


def resolve(document: Document, path: JsonPath) -> JsonPath:
    """Where the value at `path` really is: its $ref followed (to local targets) until a value
    without one; an unresolvable or looping reference stays where it is."""
    for _ in range(MAX_HOPS):
        value = document.at(path)
        ref = value.get("$ref") if isinstance(value, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#"):
            return path
        path = pointer_path(ref)
    return path
