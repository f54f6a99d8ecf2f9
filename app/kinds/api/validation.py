"""Validation first: a document is judged only once it is valid OpenAPI 3.1. Every error
says where it is: its JSON path and the line and column in the candidate's text.

References are checked here before the validator runs: only local ones (#/...) are followed,
so validating never reaches out to the network, and one that points nowhere is an error at
the line of its $ref rather than a crash of the validator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator
from pydantic import BaseModel, ConfigDict

from app.kinds.api.document import Document, JsonPath
from app.kinds.api.refs import pointer_path

MAX_ERRORS = 20  # past this many, the rest are alike and only bury the first
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ValidationIssue(BaseModel):
    """One validation error: where (a JSON path, a 1-based line and column) and what."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    path: str
    line: int
    column: int
    message: str


def json_path(path: Iterable[Any]) -> str:
    """`$.paths["/payments"].post.responses["201"]`: names dotted, the rest bracketed."""
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _NAME.match(str(part)):
            text += f".{part}"
        else:
            text += f'["{part}"]'
    return text


def issue(document: Document, path: JsonPath, message: str) -> ValidationIssue:
    span = document.span(path)
    parts = [_index_or_key(document, path[:end]) for end in range(1, len(path) + 1)]
    where = json_path(parts)
    return ValidationIssue(path=where, line=span.line, column=span.column, message=message)


def _index_or_key(document: Document, path: JsonPath) -> str | int:
    """A list's index as a number (so it prints as [0]), a mapping's key as text."""
    return int(path[-1]) if isinstance(document.at(path[:-1]), list) else path[-1]


def validate(document: Document) -> list[ValidationIssue]:
    """The document's errors, in the order of the text; none for a valid OpenAPI 3.1 document."""
    issues = list(_version_issues(document)) or list(_reference_issues(document))
    if not issues:
        issues = list(_schema_issues(document))
    ordered = sorted(issues, key=lambda found: (found.line, found.column))
    return list(dict.fromkeys(ordered))[:MAX_ERRORS]


def _version_issues(document: Document) -> Iterator[ValidationIssue]:
    version = str(document.value.get("openapi", ""))
    if not version.startswith("3.1"):
        said = f"it says {version!r}" if version else "it has no `openapi` field"
        message = f"write an OpenAPI 3.1 document (openapi: 3.1.0): {said}"
        yield issue(document, ("openapi",), message)


def _reference_issues(document: Document) -> Iterator[ValidationIssue]:
    for path, ref in _refs(document.value, ()):
        if not isinstance(ref, str) or not ref.startswith("#"):
            message = f"only references within the document (#/...) are read: {ref!r}"
            yield issue(document, path, message)
        elif document.at(pointer_path(ref)) is None:
            yield issue(document, path, f"{ref} points to nothing in the document")


def _refs(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    if isinstance(value, dict):
        if "$ref" in value:
            yield (*path, "$ref"), value["$ref"]
        for key, child in value.items():
            if key != "$ref":
                yield from _refs(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _refs(child, (*path, str(index)))


def _schema_issues(document: Document) -> Iterator[ValidationIssue]:
    """The validator's errors. Its semantic checks can trip over a part the schema already
    refused (paths: 5); the errors found before that are the ones worth reporting."""
    found: list[ValidationIssue] = []
    try:
        for error in OpenAPIV31SpecValidator(document.value).iter_errors():
            path = tuple(str(part) for part in getattr(error, "absolute_path", ()))
            found.append(issue(document, path, _first_line(str(getattr(error, "message", error)))))
    except Exception as failure:  # the validator's own failure is still the document's fault
        if not found:
            found.append(
                issue(document, (), f"the validator could not read the document: {failure}")
            )
    yield from found


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "invalid"
