"""The candidate's document as the rules read it: its JSON value, its text, and where in the
text each part is written, so validation errors point at a line and evidence quotes it.

YAML is read through PyYAML's composed nodes (each carries its line and column); JSON is YAML
to that reader. Keys are kept as text and dates as written: OpenAPI is JSON, whatever YAML
1.1 would make of `200:` or `2024-01-01`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

JsonPath = tuple[str, ...]  # keys and list indices, as text
MAX_QUOTE = 160  # a quoted line is cut here: still a part of the text, so still grounded
MAX_PARTS = 50_000  # YAML aliases can multiply a small text: a document has at most this many
_PLAIN_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SCALARS = yaml.SafeLoader("")  # constructs plain scalars (numbers, booleans, null)


class DocumentError(ValueError):
    """A document that cannot be read, with the 1-based line and column of the fault."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Span:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class Document:
    """A parsed document: `value` is plain JSON; `spans` maps a path to where it is written
    (for a mapping's entry, where its key is)."""

    value: Any
    text: str
    spans: dict[JsonPath, Span] = field(default_factory=dict)

    def span(self, path: JsonPath) -> Span:
        """Where `path` is written, or its nearest written parent."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.spans:
                return self.spans[path[:end]]
        return Span(1, 1)

    def quote(self, path: JsonPath) -> str:
        """The line `path` is written on, from where it starts: a quote of the candidate's text."""
        span = self.span(path)
        lines = self.text.splitlines() or [""]
        line = lines[min(span.line, len(lines)) - 1]
        return line[span.column - 1 :].strip()[:MAX_QUOTE] or line.strip()[:MAX_QUOTE]

    def line_matching(self, path: JsonPath, pattern: re.Pattern[str]) -> str:
        """The first line from where `path` is written that matches `pattern` (a word inside
        a long description), or the line of `path` itself."""
        lines = self.text.splitlines()
        for line in lines[self.span(path).line - 1 :]:
            if pattern.search(line):
                return line.strip()[:MAX_QUOTE]
        return self.quote(path)

    def at(self, path: JsonPath) -> Any:
        """The value at `path` as written (no $ref followed), or None."""
        value = self.value
        for part in path:
            value = _child(value, part)
            if value is None:
                return None
        return value


def _child(value: Any, part: str) -> Any:
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list) and part.isdigit() and int(part) < len(value):
        return value[int(part)]
    return None


def parse_document(text: str) -> Document:
    """The document of an OpenAPI answer in YAML or JSON; a fault raises DocumentError."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = f"the document is not valid YAML or JSON: {error.problem}"
        raise DocumentError(problem, line, column) from None
    if not isinstance(node, yaml.MappingNode):
        raise DocumentError("the document must be a mapping (openapi, info, paths, ...)")
    spans: dict[JsonPath, Span] = {(): Span(1, 1)}
    try:
        return Document(_value(node, (), spans), text, spans)
    except RecursionError:
        raise DocumentError("the document refers to itself through a YAML alias") from None


def _value(node: yaml.Node, path: JsonPath, spans: dict[JsonPath, Span]) -> Any:
    if len(spans) > MAX_PARTS:
        raise DocumentError(f"the document has more than {MAX_PARTS} parts")
    if isinstance(node, yaml.MappingNode):
        return dict(_entries(node, path, spans))
    if isinstance(node, yaml.SequenceNode):
        return [_item(child, (*path, str(i)), spans) for i, child in enumerate(node.value)]
    if node.tag in _PLAIN_TAGS:
        return _SCALARS.construct_object(node)
    return str(node.value)


def _item(node: yaml.Node, path: JsonPath, spans: dict[JsonPath, Span]) -> Any:
    spans[path] = Span(node.start_mark.line + 1, node.start_mark.column + 1)
    return _value(node, path, spans)


def _entries(
    node: yaml.MappingNode, path: JsonPath, spans: dict[JsonPath, Span]
) -> Iterator[tuple[str, Any]]:
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key == "<<":
            raise DocumentError("YAML merge keys (<<) are not JSON: write the entries out")
        spans[(*path, key)] = Span(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        yield key, _value(value_node, (*path, key), spans)
