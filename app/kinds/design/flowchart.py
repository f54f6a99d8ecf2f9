"""What a parsed Mermaid flowchart holds: nodes with their labels and shapes, the edges between
them, the subgraphs that group them, and the source lines (quoted back as evidence)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # its id when the diagram never labels it
    shape: str  # "rect", "cylinder", "round", ... (app/kinds/design/diagram_nodes.py)
    line: int  # 1-based: where it is labelled, else where it is first named


@dataclass(frozen=True)
class Edge:
    source: str  # a node id, or a subgraph id (an edge to a whole group)
    target: str
    label: str | None
    directed: bool  # False for an open link (`---`) and a two-way arrow (`<-->`)
    line: int


@dataclass(frozen=True)
class Subgraph:
    id: str
    title: str
    members: tuple[str, ...]  # the ids of the nodes and subgraphs named inside it
    line: int  # where it opens


@dataclass(frozen=True)
class Flowchart:
    direction: str  # TB, TD, BT, LR or RL, as written
    nodes: dict[str, Node]
    edges: list[Edge]
    source_lines: list[str]
    subgraphs: dict[str, Subgraph] = field(default_factory=dict)

    def quote(self, line: int) -> str:
        """Line `line` (1-based) of the source as written, without its indentation."""
        return self.source_lines[line - 1].strip()


class DiagramError(ValueError):
    """A flowchart that cannot be read: where (1-based line, column when known), what was wrong
    and what to write instead."""

    def __init__(self, line: int, reason: str, column: int | None = None) -> None:
        where = f"line {line}" if column is None else f"line {line}, column {column}"
        super().__init__(f"{where}: {reason}")
        self.line, self.column, self.reason = line, column, reason

    @property
    def message(self) -> str:
        return str(self)
