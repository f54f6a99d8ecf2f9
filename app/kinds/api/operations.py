"""The document as the rules read it: its operations, each with its parameters, request body
and responses, every $ref followed, every part keeping the path it is written at (so a rule
can quote the candidate's line). Header names compare case-insensitively, as HTTP does, and
paths by shape: /payments/{id} is /payments/{paymentId}, with or without a /v1 in front,
except that a path naming a version matches only an operation served under that version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.kinds.api.document import Document, JsonPath
from app.kinds.api.refs import resolve

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_TEMPLATE = re.compile(r"\{[^}/]*\}")
_VERSION_PREFIX = re.compile(r"^/(v\d+(?:\.\d+)?)(?=/|$)", re.IGNORECASE)
_URL_VERSION = re.compile(r"/(v\d+(?:\.\d+)?)(?=/|$)", re.IGNORECASE)


def shape(path: str) -> str:
    """A path as operations match: templates anonymous, a leading version and trailing / gone."""
    bare = _VERSION_PREFIX.sub("", _TEMPLATE.sub("{}", path.strip()))
    return bare.rstrip("/") or "/"


def version(path: str) -> str | None:
    """The version a path starts with (`/v1/invoices`: "v1"), in lower case, or None."""
    found = _VERSION_PREFIX.match(path.strip())
    return found.group(1).lower() if found else None


@dataclass(frozen=True)
class Part:
    """A piece of the document with $refs followed: its value and where it is written."""

    document: Document
    path: JsonPath  # where the value is, every $ref followed
    origin: JsonPath | None = None  # where it is used, when that is a $ref to elsewhere

    @property
    def value(self) -> Any:
        return self.document.at(self.path)

    def child(self, *keys: str) -> Part | None:
        """The part at `keys` below this one, following $refs at every step; None if absent."""
        path = self.path
        for key in keys:
            path = (*resolve(self.document, path), key)
            if self.document.at(path) is None:
                return None
        target = resolve(self.document, path)
        return Part(self.document, target, None if target == path else path)

    def items(self) -> list[tuple[str, Part]]:
        """A mapping's entries, or a list's items, each resolved."""
        value = self.value
        keys = list(value) if isinstance(value, dict) else []
        if isinstance(value, list):
            keys = [str(index) for index in range(len(value))]
        found = [(key, self.child(key)) for key in keys]
        return [(key, part) for key, part in found if part is not None]

    def quote(self, key: str | None = None) -> str:
        """The line it is written on where it is used; with `key`, the line of that field of
        its value (a parameter's `name:`), wherever the value is defined."""
        if key is not None and isinstance(self.value, dict) and key in self.value:
            return self.document.quote((*self.path, key))
        return self.document.quote(self.origin or self.path)

    def text(self, key: str) -> str:
        """A string field of this part (a description, a summary), or ""."""
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str  # as written in the document
    part: Part
    item: Part  # its path item (for parameters shared by the path's operations)

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def shape(self) -> str:
        return shape(self.path)

    def versions(self) -> set[str]:
        """The API versions it is served under: its path's prefix, or else those in the URLs
        of the servers that apply to it (its own, its path item's, or the document's)."""
        own = version(self.path)
        if own is not None:
            return {own}
        root = Part(self.part.document, ())
        for owner in (self.part, self.item, root):
            servers = owner.child("servers")
            if servers is not None:
                return {found for _, server in servers.items() for found in _url_versions(server)}
        return set()

    def quote(self) -> str:
        """Its operationId (or summary) line: what names it in the candidate's text."""
        for key in ("operationId", "summary"):
            if self.part.text(key):
                return self.part.quote(key)
        return self.part.quote()

    def words(self) -> str:
        """Its summary, description and operationId, as the rules read its intent."""
        fields = ("operationId", "summary", "description")
        return " ".join(self.part.text(name) for name in fields)

    def parameters(self) -> list[Part]:
        """The path item's and the operation's parameters, resolved; the operation's win."""
        merged: dict[tuple[str, str], Part] = {}
        for owner in (self.item, self.part):
            listed = owner.child("parameters")
            for _, parameter in listed.items() if listed else []:
                if isinstance(parameter.value, dict):
                    merged[_parameter_key(parameter.value)] = parameter
        return list(merged.values())

    def parameter(self, location: str, *names: str) -> Part | None:
        """The parameter `in` location with one of `names` (headers case-insensitively)."""
        wanted = {name.lower() for name in names}
        for parameter in self.parameters():
            if parameter.value.get("in") == location and _key(parameter.value) in wanted:
                return parameter
        return None

    def responses(self) -> list[tuple[str, Part]]:
        listed = self.part.child("responses")
        return [(status.upper(), part) for status, part in listed.items()] if listed else []

    def response(self, status: str) -> Part | None:
        return dict(self.responses()).get(status.upper())

    def request_body(self) -> Part | None:
        return self.part.child("requestBody")


def _key(parameter: dict[str, Any]) -> str:
    name = str(parameter.get("name", ""))
    return name.lower() if parameter.get("in") == "header" else name


def _parameter_key(parameter: dict[str, Any]) -> tuple[str, str]:
    return str(parameter.get("in", "")), _key(parameter)


def _url_versions(server: Part) -> set[str]:
    """The versions in a server's URL path (`https://api.example.com/v2`: "v2")."""
    url = server.text("url")
    path = url.split("//", 1)[1].partition("/")[2] if "//" in url else url
    return {found.lower() for found in _URL_VERSION.findall("/" + path.lstrip("/"))}


def header(response: Part, *names: str) -> Part | None:
    """A response's header by name, case-insensitively."""
    headers = response.child("headers")
    wanted = {name.lower() for name in names}
    for name, part in headers.items() if headers else []:
        if name.lower() in wanted:
            return part
    return None


def media(part: Part, *types: str) -> Part | None:
    """A response's (or request body's) content entry for one of the media types."""
    content = part.child("content")
    wanted = {kind.lower() for kind in types}
    for kind, entry in content.items() if content else []:
        if kind.split(";")[0].strip().lower() in wanted:
            return entry
    return None


def operations(document: Document) -> list[Operation]:
    """Every operation under `paths`, in the document's order."""
    root = Part(document, ())
    paths = root.child("paths")
    found = []
    for path, item in paths.items() if paths else []:
        for method, part in item.items():
            if method in HTTP_METHODS:
                found.append(Operation(method.upper(), path, part, item))
    return found


def find(document: Document, operation: str) -> Operation | None:
    """The document's operation matching "METHOD /path" by shape and, when the path names a
    version (`GET /v1/invoices`), served under that version: v1 and v2 are not one operation."""
    method, _, path = operation.partition(" ")
    return next((op for op in operations(document) if _serves(op, method.upper(), path)), None)


def _serves(op: Operation, method: str, path: str) -> bool:
    named = version(path)
    same = (op.method, op.shape) == (method, shape(path))
    return same and (named is None or named in op.versions())
