"""Parsing the Mermaid flowchart text people write into a Flowchart.

Line by line, statement by statement (`;` separates statements on one line, `%%` starts a
comment): first the header (`flowchart LR`, `graph TD`), then node and edge statements,
`subgraph` ... `end` blocks, and the styling statements, which are read past.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.kinds.design.diagram_tokens import (
    ARROWISH,
    NODE_ID,
    Cursor,
    NodeRef,
    read_link,
    read_node,
    unknown_arrow,
)
from app.kinds.design.flowchart import DiagramError, Edge, Flowchart, Node, Subgraph

LINE_BREAK = re.compile(r"\r\n?|\n")  # lines as the editor numbers them
HEADER = re.compile(r"(?:flowchart|graph)(?![\w-])")
WORD = re.compile(r"[A-Za-z]+(?=[\s;:]|$)")
DIRECTION = re.compile(r"[^\s;]+")
DIRECTIONS = ("TB", "TD", "BT", "LR", "RL")
STYLING = ("classDef", "class", "style", "linkStyle", "click", "accTitle", "accDescr")
OTHER_DIAGRAMS = re.compile(r"(sequenceDiagram|classDiagram|stateDiagram|erDiagram|\w+-beta)\b")
SUBGRAPH_TITLED = re.compile(r'(\w+(?:-\w+)*)\s*\[\s*(?:"([^"]*)"|([^\]"]*?))\s*\]')
START = "start with a header line such as `flowchart LR` or `graph TD`"
CLOSERS = ("]", ")", "}")
NOT_END = "a node cannot be called `end`: name it `End` or `done`"
BOTH_SIDES = "an arrow needs a node on both sides: write `A --> B`"


@dataclass
class _OpenSubgraph:
    id: str
    title: str
    line: int
    members: list[str] = field(default_factory=list)


@dataclass
class _Chart:
    """The flowchart as it is read: what each statement adds."""

    lines: list[str]
    direction: str | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    labelled: set[str] = field(default_factory=set)
    edges: list[Edge] = field(default_factory=list)
    subgraphs: dict[str, Subgraph] = field(default_factory=dict)
    open: list[_OpenSubgraph] = field(default_factory=list)

    def flowchart(self) -> Flowchart:
        if self.open:
            block = self.open[-1]
            raise DiagramError(
                block.line, f"`subgraph {block.title}` is never closed: add `end` after its nodes"
            )
        # a name only ever used for a subgraph is the group, not a node of its own
        nodes = {
            key: node
            for key, node in self.nodes.items()
            if key not in self.subgraphs or key in self.labelled
        }
        return Flowchart(self.direction or "TB", nodes, self.edges, self.lines, self.subgraphs)

    def mention(self, ref: NodeRef, line: int) -> None:
        """A node named in a statement: new, or given its label now (the last label wins)."""
        known = self.nodes.get(ref.id)
        if known is None:
            self.nodes[ref.id] = Node(ref.id, ref.label or ref.id, ref.shape or "rect", line)
        elif ref.label is not None:
            shape = ref.shape or "rect"
            self.nodes[ref.id] = replace(known, label=ref.label, shape=shape, line=line)
        if ref.label is not None:
            self.labelled.add(ref.id)
        self.join_open_subgraph(ref.id)

    def join_open_subgraph(self, member: str) -> None:
        """Count `member` in the innermost subgraph being read, if any."""
        if self.open and member not in self.open[-1].members:
            self.open[-1].members.append(member)


def parse_flowchart(text: str) -> Flowchart:
    """The flowchart in `text`; DiagramError says where it cannot be read and what to write.
    Text with nothing but blanks and comments is an empty flowchart."""
    lines = LINE_BREAK.split(text)
    chart = _Chart(lines)
    for number, line in _statement_lines(lines):
        cursor = Cursor(line, number)
        while not _line_done(cursor):
            _statement(chart, cursor)
    return chart.flowchart()


def _statement_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based number, text without its comment) of each line after any front matter."""
    numbered = [(number, _without_comment(line)) for number, line in enumerate(lines, 1)]
    filled = [(number, line) for number, line in numbered if line.strip()]
    if not filled or filled[0][1].strip() != "---":
        return filled
    opened = filled[0][0]
    closing = next((n for n, line in filled[1:] if line.strip() == "---"), None)
    if closing is None:
        raise DiagramError(
            opened, "the front matter opened here is never closed: end it with `---`"
        )
    return [(number, line) for number, line in filled if number > closing]


def _without_comment(line: str) -> str:
    """The line up to a `%%` that is not inside a quoted label."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif not quoted and line.startswith("%%", index):
            return line[:index]
    return line


def _line_done(cursor: Cursor) -> bool:
    while cursor.at_end() and cursor.peek() == ";":
        cursor.pos += 1
    return cursor.at_end()


def _statement(chart: _Chart, cursor: Cursor) -> None:
    if chart.direction is None:
        _header(chart, cursor)
    else:
        word = WORD.match(cursor.text, cursor.pos)
        keyword = KEYWORDS.get(word.group() if word else "")
        if word and keyword:
            cursor.pos = word.end()
            keyword(chart, cursor)
        else:
            _edges(chart, cursor)
    if not cursor.at_end():
        raise cursor.error(f"unexpected `{_rest(cursor)}`: end the statement before it, or `;`")


def _header(chart: _Chart, cursor: Cursor) -> None:
    if not cursor.match(HEADER):
        other = OTHER_DIAGRAMS.match(cursor.text, cursor.pos)
        said = f"this is a `{other.group()}`, and the answer takes a flowchart: " if other else ""
        raise DiagramError(cursor.line, f"{said}{START}")
    chart.direction = "TB" if cursor.at_end() else _direction(cursor)


def _direction(cursor: Cursor) -> str:
    cursor.skip_space()
    start = cursor.pos
    found = cursor.match(DIRECTION)
    written = found.group() if found else ""
    if written.upper() not in DIRECTIONS:
        raise cursor.error(
            f"unknown direction `{written}`: write one of {', '.join(DIRECTIONS)}", start
        )
    return written.upper()


def _subgraph(chart: _Chart, cursor: Cursor) -> None:
    written = _rest(cursor)
    cursor.pos = _statement_end(cursor)
    if not written:
        raise DiagramError(
            cursor.line, "a subgraph needs a name: write `subgraph backend [Back end]`"
        )
    block_id, block_title = _subgraph_names(written)
    chart.join_open_subgraph(block_id)
    chart.open.append(_OpenSubgraph(block_id, block_title, cursor.line))


def _subgraph_names(written: str) -> tuple[str, str]:
    """(id, title) of `id [title]`, `"title"` or `title`."""
    titled = SUBGRAPH_TITLED.fullmatch(written)
    if titled:
        return titled[1], titled[2] if titled[2] is not None else titled[3]
    quoted = len(written) > 1 and written[0] == written[-1] == '"'
    plain = written[1:-1] if quoted else written
    return plain, plain


def _end(chart: _Chart, cursor: Cursor) -> None:
    if not cursor.at_end():
        raise cursor.error(f"`end` closes a subgraph and stands alone; {NOT_END}")
    if not chart.open:
        raise cursor.error(
            "`end` without an open `subgraph`: remove it, or open a group with `subgraph name`",
            cursor.pos - 3,
        )
    block = chart.open.pop()
    chart.subgraphs[block.id] = Subgraph(block.id, block.title, tuple(block.members), block.line)


def _direction_statement(chart: _Chart, cursor: Cursor) -> None:
    _direction(cursor)  # checked; the layout is the renderer's business


def _styling(chart: _Chart, cursor: Cursor) -> None:
    cursor.pos = _statement_end(cursor)


KEYWORDS: dict[str, Callable[[_Chart, Cursor], None]] = {
    "subgraph": _subgraph,
    "end": _end,
    "direction": _direction_statement,
    **dict.fromkeys(STYLING, _styling),
}


def _statement_end(cursor: Cursor) -> int:
    """Where the statement at the cursor ends: the first `;` outside quotes, or the line's end."""
    quoted = False
    for index in range(cursor.pos, len(cursor.text)):
        char = cursor.text[index]
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return index
    return len(cursor.text)


def _rest(cursor: Cursor) -> str:
    return cursor.text[cursor.pos : _statement_end(cursor)].strip()


def _edges(chart: _Chart, cursor: Cursor) -> None:
    """`A`, `A --> B --> C`, `A & B --> C & D`: every node named, every visible link added."""
    sources = _group(chart, cursor)
    if not sources:
        raise _no_node(cursor)
    while link := read_link(cursor):
        targets = _group(chart, cursor)
        if not targets:
            raise cursor.error(BOTH_SIDES, link.column - 1)
        if link.visible:
            chart.edges += [
                Edge(source, target, link.label, link.directed, cursor.line)
                for source in sources
                for target in targets
            ]
        sources = targets
    if not cursor.at_end():
        raise _after_node(cursor, sources[-1])


def _group(chart: _Chart, cursor: Cursor) -> list[str]:
    """The ids of `A & B & C` at the cursor (empty when no node is there)."""
    ids: list[str] = []
    while ref := read_node(cursor):
        if ref.id == "end":
            raise cursor.error(NOT_END, ref.column - 1)
        chart.mention(ref, cursor.line)
        ids.append(ref.id)
        cursor.skip_space()
        if cursor.peek() != "&":
            break
        cursor.pos += 1
        cursor.skip_space()
        if not NODE_ID.match(cursor.text, cursor.pos):
            raise cursor.error("`&` needs a node after it: write `A & B --> C`")
    return ids


def _no_node(cursor: Cursor) -> DiagramError:
    if ARROWISH.match(cursor.text, cursor.pos):
        return cursor.error(BOTH_SIDES)
    return cursor.error(
        f"unexpected `{cursor.peek()}`: a statement starts with a node, such as `A` or `A[Label]`"
    )


def _after_node(cursor: Cursor, node_id: str) -> DiagramError:
    found = cursor.peek()
    if ARROWISH.match(cursor.text, cursor.pos):
        return unknown_arrow(cursor)
    if found in CLOSERS:
        return cursor.error(f"`{found}` after `{node_id}` closes no bracket: remove it")
    if found == "@":
        return cursor.error(
            f"`{node_id}@{{...}}` shapes are not read here: write `{node_id}[(Label)]`"
        )
    return cursor.error(
        f"unexpected `{found}` after `{node_id}`: a node is followed by an arrow"
        f" (`{node_id} --> B`), by `&` and another node, or by the end of the statement"
    )
