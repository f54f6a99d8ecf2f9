"""Split a PostgreSQL script into statements, remembering the line each one starts on.

Quote-aware (standard, E'' and dollar-quoted strings, quoted identifiers, comments), so a
semicolon or a newline inside a value never splits a statement. psql meta-commands (a line
starting with a backslash) are statements of their own, as psql reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.catalog.errors import DatasetSourceError

_TOKEN = re.compile(
    r"""
      (?P<string> (?<![\w$])[Ee]'[^'\\]*(?:(?:''|\\.)[^'\\]*)*'
                | '[^']*(?:''[^']*)*' | "[^"]*(?:""[^"]*)*" )
    | (?P<dollar> \$(?P<tag>[A-Za-z_]\w*|)\$ .*? \$(?P=tag)\$ )
    | (?P<comment> --[^\n]* | /\*.*?\*/ )
    | (?P<meta> ^\\[^\n]* )
    | (?P<end> ; )
    | (?P<unterminated> ['"] | \$(?:[A-Za-z_]\w*)?\$ | /\* )
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_LEADING_BLANK = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


@dataclass(frozen=True)
class Statement:
    line: int  # 1-based line of the statement's first character
    text: str  # without the terminating semicolon


class _LineCounter:
    """Line numbers of increasing offsets, counting each newline once."""

    def __init__(self, text: str):
        self._text = text
        self._offset = 0
        self._line = 1

    def line_at(self, offset: int) -> int:
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def split_statements(text: str) -> Iterator[Statement]:
    """Yield the statements of `text` in order."""
    lines = _LineCounter(text)
    start = 0
    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind == "unterminated":
            raise DatasetSourceError(
                "this statement never ends: a string, quoted name or comment in it is not closed",
                line=lines.line_at(_skip_blank(text, start, token.start())),
            )
        if kind == "end" or (kind == "meta" and _is_blank(text, start, token.start())):
            stop = token.end() if kind == "meta" else token.start()
            yield from _statement(text, start, stop, lines)
            start = token.end()
    yield from _statement(text, start, len(text), lines)


def _skip_blank(text: str, start: int, stop: int) -> int:
    """Offset of the first character after whitespace and comments."""
    blank = _LEADING_BLANK.match(text, start, stop)
    return blank.end() if blank else start


def _is_blank(text: str, start: int, stop: int) -> bool:
    return _skip_blank(text, start, stop) >= stop


def _statement(text: str, start: int, stop: int, lines: _LineCounter) -> Iterator[Statement]:
    begin = _skip_blank(text, start, stop)
    if begin < stop:
        yield Statement(line=lines.line_at(begin), text=text[begin:stop].rstrip())
