"""Reading the parts of one flowchart statement: node references (an id, an optional shape and
label, a `:::class`) and links (the arrow, its label, which way it points).

Both are table-driven: SHAPES lists each node shape by its brackets, LINK_STYLES each arrow
family by the patterns of its plain form (`-->`) and its text form (`-- text -->`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.kinds.design.flowchart import DiagramError

# (opening, closing, shape), longest openings first; `[/` and `[\` close two ways each
SHAPES: tuple[tuple[str, str, str], ...] = (
    ("(((", ")))", "double_circle"),
    ("([", "])", "stadium"),
    ("[[", "]]", "subroutine"),
    ("[(", ")]", "cylinder"),
    ("((", "))", "circle"),
    ("{{", "}}", "hexagon"),
    ("[/", "/]", "parallelogram"),
    ("[/", "\\]", "trapezoid"),
    ("[\\", "\\]", "parallelogram_alt"),
    ("[\\", "/]", "trapezoid_alt"),
    ("[", "]", "rect"),
    ("(", ")", "round"),
    (">", "]", "asymmetric"),
    ("{", "}", "rhombus"),
)
NODE_ID = re.compile(r"\w+(?:-\w+)*")
CLASS_SUFFIX = re.compile(r":::[\w-]+")
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
NEEDS_QUOTES = set('[](){}"|')
HEAD = r"(?P<start><|[ox])?"
END = r"(?P<end>>|[ox](?!\w))"  # `--o B` ends in a circle; `--oven` is no arrow


@dataclass(frozen=True)
class LinkStyle:
    plain: re.Pattern[str]  # the whole arrow: `-->`, `---`, `--o`, `<-->`, `--->`
    opening: re.Pattern[str]  # the start of the text form: `--` in `-- text -->`
    closing: re.Pattern[str]  # its end, searched for after the text


LINK_STYLES = (
    LinkStyle(
        re.compile(HEAD + rf"--+(?:{END}|-)"),
        re.compile(HEAD + r"--(?=[^->])"),
        re.compile(rf"--+(?:{END}|-)"),
    ),
    LinkStyle(
        re.compile(HEAD + rf"==+(?:{END}|=)"),
        re.compile(HEAD + r"==(?=[^=>])"),
        re.compile(rf"==+(?:{END}|=)"),
    ),
    LinkStyle(
        re.compile(HEAD + rf"-\.+-{END}?"),
        re.compile(HEAD + r"-\.(?=[^.-])"),
        re.compile(rf"\.+-{END}?"),
    ),
)
INVISIBLE = re.compile(r"~~~+")
ARROWISH = re.compile(r"[-=.<>~]+[ox]?")
SUGGESTIONS = {"->": "-->", "=>": "==>", ".->": "-.->", "-->>": "-->", "<-": "<-->"}


@dataclass(frozen=True)
class NodeRef:
    id: str
    label: str | None  # None: named without a label
    shape: str | None
    column: int  # 1-based


@dataclass(frozen=True)
class Link:
    label: str | None
    directed: bool
    visible: bool  # `~~~` only lays nodes out: it connects nothing
    column: int


class Cursor:
    """A position in one source line; columns in errors are 1-based."""

    def __init__(self, text: str, line: int) -> None:
        self.text, self.line, self.pos = text, line, 0

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        """At the end of the statement: the end of the line or a `;`."""
        self.skip_space()
        return self.pos >= len(self.text) or self.text[self.pos] == ";"

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def error(self, reason: str, pos: int | None = None) -> DiagramError:
        return DiagramError(self.line, reason, (self.pos if pos is None else pos) + 1)


def read_node(cursor: Cursor) -> NodeRef | None:
    """The node reference at the cursor, or None when there is no node id there."""
    cursor.skip_space()
    column = cursor.pos + 1
    found = cursor.match(NODE_ID)
    if not found:
        return None
    cursor.skip_space()
    label, shape = read_shape(cursor, found.group())
    cursor.match(CLASS_SUFFIX)
    return NodeRef(found.group(), label, shape, column)


def read_shape(cursor: Cursor, node_id: str) -> tuple[str | None, str | None]:
    """The label and shape in brackets at the cursor, or (None, None) when there are none."""
    for opening in dict.fromkeys(opening for opening, _, _ in SHAPES):
        if cursor.peek(len(opening)) != opening:
            continue
        closings = {close: shape for open_, close, shape in SHAPES if open_ == opening}
        label = _read_label(cursor, cursor.pos + len(opening), closings, node_id)
        if label is not None:
            return label
    return None, None


def _read_label(
    cursor: Cursor, start: int, closings: dict[str, str], node_id: str
) -> tuple[str, str] | None:
    """The label from `start` to the first of `closings`; None when that opening does not
    close on this line, so a shorter opening may be tried (`[/api]` is a plain box)."""
    text, opened = cursor.text, cursor.pos
    if text[start:].lstrip().startswith('"'):
        return _read_quoted_label(cursor, text.index('"', start), closings, node_id)
    ends = [(text.find(close, start), close) for close in closings if close in text[start:]]
    if not ends and start - opened == 1:
        raise _unclosed(cursor, opened, closings)
    if not ends:
        return None
    end, close = min(ends)
    _refuse_unquoted_brackets(cursor, node_id, start, end, close)
    cursor.pos = end + len(close)
    return clean_label(text[start:end]) or node_id, closings[close]


def _refuse_unquoted_brackets(
    cursor: Cursor, node_id: str, start: int, end: int, close: str
) -> None:
    """A bracket inside an unquoted label is an unbalanced shape (Mermaid refuses it too)."""
    label = cursor.text[start:end]
    stray = next((i for i, char in enumerate(label) if char in NEEDS_QUOTES), None)
    if stray is None:
        return
    shown = f'{node_id}{cursor.text[cursor.pos : start]}"{clean_label(label)}"{close}'
    raise cursor.error(
        f"`{label[stray]}` in the label of `{node_id}`: brackets pair up around a label, and"
        f" a label that shows `{label[stray]}` needs quotes: write {shown}",
        start + stray,
    )


def _read_quoted_label(
    cursor: Cursor, quote: int, closings: dict[str, str], node_id: str
) -> tuple[str, str]:
    end_quote = cursor.text.find('"', quote + 1)
    if end_quote < 0:
        raise cursor.error('this quote is never closed: end the label with `"`', quote)
    cursor.pos = end_quote + 1
    cursor.skip_space()
    for close, shape in closings.items():
        if cursor.peek(len(close)) == close:
            cursor.pos += len(close)
            return clean_label(cursor.text[quote + 1 : end_quote]) or node_id, shape
    expected = " or ".join(f"`{close}`" for close in closings)
    raise cursor.error(f"the label of `{node_id}` should close with {expected} after its quote")


def _unclosed(cursor: Cursor, opened: int, closings: dict[str, str]) -> DiagramError:
    expected = " or ".join(f"`{close}`" for close in closings)
    return cursor.error(f"`{cursor.text[opened]}` is never closed: end the label with {expected}")


def clean_label(raw: str) -> str:
    """A label as shown: line breaks (`<br>`) and runs of spaces become one space."""
    return " ".join(LINE_BREAK.sub(" ", raw).split())


def read_link(cursor: Cursor) -> Link | None:
    """The link at the cursor, or None when there is no arrow there."""
    cursor.skip_space()
    column = cursor.pos + 1
    if cursor.match(INVISIBLE):
        return Link(None, False, False, column)
    for style in LINK_STYLES:
        plain = cursor.match(style.plain)
        if plain:
            _refuse_longer_arrow(cursor, column - 1)
            label = _read_pipe_label(cursor)
            return _link(cursor, plain["start"], plain["end"], label, column)
    for style in LINK_STYLES:
        opening = cursor.match(style.opening)
        if opening:
            return _read_text_link(cursor, style, opening["start"], column)
    return None


def _read_text_link(cursor: Cursor, style: LinkStyle, start: str | None, column: int) -> Link:
    """`-- text -->`: the text runs to the first closing arrow of the same style."""
    closing = style.closing.search(cursor.text, cursor.pos)
    if closing is None:
        raise _unreached(cursor, start, column - 1)
    label = clean_label(cursor.text[cursor.pos : closing.start()])
    cursor.pos = closing.end()
    _refuse_longer_arrow(cursor, closing.start())
    return _link(cursor, start, closing["end"], label or None, column)


def _unreached(cursor: Cursor, start: str | None, opened_at: int) -> DiagramError:
    """The error for `A -- text` that never reaches its closing arrow."""
    opened = cursor.text[opened_at : cursor.pos]
    if start:  # `<--` is not a backwards arrow, it opens `<-- text -->`
        return cursor.error(
            f"unknown arrow `{opened}`: write `-->` with the nodes the other way round, or"
            " `<-->` for both ways",
            opened_at,
        )
    return cursor.error(
        f"the edge label after `{opened}` never reaches an arrow: write `A {opened} text"
        f" {opened}> B`, or `A {opened}>|text| B`",
        opened_at,
    )


def _read_pipe_label(cursor: Cursor) -> str | None:
    """The `|text|` (or `|"text"|`, which may hold a `|`) after an arrow, if there is one."""
    cursor.skip_space()
    if cursor.peek() != "|":
        return None
    opened, text = cursor.pos, cursor.text
    quoted = text[opened + 1 :].lstrip().startswith('"')
    after = text.find('"', text.index('"', opened) + 1) + 1 if quoted else opened + 1
    end = text.find("|", after) if after > 0 else -1
    if end < 0:
        raise cursor.error("this edge label is never closed: end it with `|`, as in `-->|text|`")
    label = clean_label(text[opened + 1 : end].strip().removeprefix('"').removesuffix('"'))
    cursor.pos = end + 1
    return label or None


def _link(
    cursor: Cursor, start: str | None, end: str | None, label: str | None, column: int
) -> Link:
    if start and not end:
        arrow = cursor.text[column - 1 : cursor.pos].split("|")[0].strip()
        raise cursor.error(
            f"unknown arrow `{arrow}`: a head at the start needs one at the end too, as in "
            "`<-->`; or write `-->`",
            column - 1,
        )
    return Link(label, directed=bool(end) and not start, visible=True, column=column)


def _refuse_longer_arrow(cursor: Cursor, start: int) -> None:
    """An arrow followed by more arrow characters (`-->>`, `--><`) is no arrow Mermaid knows."""
    following = cursor.peek()
    if not following or following not in "-=.<>~":
        return
    cursor.pos = start
    raise unknown_arrow(cursor)


def unknown_arrow(cursor: Cursor) -> DiagramError:
    """The error for arrow-like characters at the cursor that form no known arrow."""
    found = ARROWISH.match(cursor.text, cursor.pos)
    arrow = found.group() if found else cursor.peek()
    instead = SUGGESTIONS.get(arrow, "-->")
    return cursor.error(
        f"unknown arrow `{arrow}`: write `{instead}` (arrows are `-->`, `---`, `-.->`, `==>`,"
        " `--o`, `--x`, `<-->`)"
    )
