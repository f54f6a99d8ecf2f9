"""The endpoint table: a markdown table converted to a minimal OpenAPI 3.1 document that the
same rules read. Every part made from a row is placed on that row's line, so evidence quotes
the candidate's own row. docs/api-format.md gives the syntax of each column."""

from __future__ import annotations

import re
from typing import Any

from app.kinds.api.document import Document, JsonPath, Span

COLUMNS = ("method", "path", "request", "responses", "notes")
METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "WEBHOOK"}
_RESPONSE = re.compile(r"^(\d{3}|[1-5]XX|default)\b\s*(.*)$", re.IGNORECASE)
_HEADERS = re.compile(r"\[([^\]]*)\]")
_FIELDS = re.compile(r"\{([^}]*)\}")
_BOUND = re.compile(r"^([\w\[\]-]+)\s*<=\s*(\d+)$")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
BEARER = {"type": "http", "scheme": "bearer"}


class TableError(ValueError):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_document(text: str) -> Document:
    """The OpenAPI document an endpoint table describes; a malformed row raises TableError."""
    rows = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("|")
    ]
    if not rows:
        raise TableError("no table: write rows like | POST | /payments | body | 201 | notes |")
    columns = _columns(*rows[0])
    value: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Endpoint table", "version": "1"},
    }
    value["paths"] = {}
    spans: dict[JsonPath, Span] = {(): Span(rows[0][0], 1)}
    for number, line in rows[1:]:
        if not all(_SEPARATOR_CELL.match(cell) for cell in cells(line)):
            _add_row(value, spans, number, dict(zip(columns, cells(line), strict=False)))
    return Document(value, text, spans)


def _columns(number: int, line: str) -> list[str]:
    names = [name.lower() for name in cells(line)]
    lacking = [name for name in ("method", "path", "responses") if name not in names]
    if lacking:
        raise TableError(f"the header row needs the columns {', '.join(COLUMNS)}", number)
    return names


def _add_row(
    value: dict[str, Any], spans: dict[JsonPath, Span], number: int, row: dict[str, str]
) -> None:
    method, path = row.get("method", "").upper(), row.get("path", "")
    if method not in METHODS:
        raise TableError(
            f"unknown method {row.get('method')!r}: use one of {', '.join(sorted(METHODS))}", number
        )
    if method != "WEBHOOK" and not path.startswith("/"):
        raise TableError(f"the path {path!r} must start with /", number)
    operation = _operation(row, number)
    where: JsonPath = (
        ("webhooks", path, "post") if method == "WEBHOOK" else ("paths", path, method.lower())
    )
    if "bearerAuth" in str(operation.get("security")):
        value.setdefault("components", {}).setdefault("securitySchemes", {})["bearerAuth"] = BEARER
    value.setdefault(where[0], {}).setdefault(where[1], {})[where[2]] = operation
    spans.setdefault(where[:2], Span(number, 1))
    spans[where] = Span(number, 1)


def _operation(row: dict[str, str], number: int) -> dict[str, Any]:
    operation: dict[str, Any] = {"description": row.get("notes", "")}
    template = re.findall(r"\{([^}/]+)\}", row.get("path", ""))
    parameters = [_parameter(name, "path") for name in template]
    for item in _split(row.get("request", ""), ";"):
        parameters += _request_item(operation, item, number)
    if parameters:
        operation["parameters"] = parameters
    responses = [_response(item, number) for item in _split(row.get("responses", ""), ",")]
    if not responses:
        raise TableError("a row needs at least one response status", number)
    operation["responses"] = dict(responses)
    return operation


def _request_item(operation: dict[str, Any], item: str, number: int) -> list[dict[str, Any]]:
    word, _, rest = item.partition(" ")
    word = word.lower()
    if word in {"header", "query"}:
        return [_parameter(name.strip(), word) for name in rest.split(",") if name.strip()]
    if word == "body":
        operation["requestBody"] = {"content": _content(rest, "application/json")}
        return []
    if word == "auth":
        operation["security"] = [{"bearerAuth": []}]
        return []
    if word in {"-", ""}:
        return []
    raise TableError(f"request item {item!r}: start it with body, header, query or auth", number)


def _parameter(name: str, location: str) -> dict[str, Any]:
    bound = _BOUND.match(name)
    schema: dict[str, Any] = {"type": "string"}
    if bound:
        name, schema = (
            bound.group(1),
            {"type": "integer", "minimum": 1, "maximum": int(bound.group(2))},
        )
    return {"name": name, "in": location, "required": location == "path", "schema": schema}


def _response(item: str, number: int) -> tuple[str, dict[str, Any]]:
    found = _RESPONSE.match(item)
    if not found:
        raise TableError(f"response {item!r} must start with a status (201, 4XX, default)", number)
    status, rest = found.group(1).upper(), found.group(2)
    response: dict[str, Any] = {"description": f"{status} response"}
    headers = _HEADERS.search(rest)
    if headers:
        response["headers"] = {
            name.strip(): {"schema": {"type": "string"}}
            for name in headers.group(1).split(",")
            if name.strip()
        }
    bare = _HEADERS.sub("", rest).strip()
    if bare:
        response["content"] = _content(bare, "application/json")
    return status, response


def _content(spec: str, default: str) -> dict[str, Any]:
    """`{a, b}` fields, a media type, or `problem` (application/problem+json, RFC 9457)."""
    fields = _FIELDS.search(spec)
    rest = _FIELDS.sub("", spec).strip()
    kind = "application/problem+json" if rest == "problem" else (rest or default)
    names = [name.strip() for name in fields.group(1).split(",")] if fields else []
    if rest == "problem" and not names:
        names = ["type", "title", "status", "detail", "instance"]
    schema: dict[str, Any] = {"type": "object"}
    if names:
        schema["properties"] = {name: {} for name in names if name}
    return {kind: {"schema": schema}}


def _split(text: str, separator: str) -> list[str]:
    """Items between separators outside [brackets] and {braces}."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += (char in "[{") - (char in "]}")
        if char == separator and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [item for item in items if item and item != "-"]
