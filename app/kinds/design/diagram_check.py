"""Checking a flowchart against a criterion's diagram signal: are its components there (by
role), its direct edges, its routes; and which of the diagram's own lines show it.

An open link (`---`) and a two-way arrow (`<-->`) count in both directions. An edge to a
subgraph reaches every node inside it. A route may pass through other nodes between the roles
it names (found by breadth-first search, so the route quoted is a shortest one).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from app.kinds.design.flowchart import Flowchart
from app.kinds.design.models import DiagramSignal, Role
from app.kinds.design.roles import describe, noun, roles

State = tuple[str, int]  # a node, and how many of the route's roles are matched on reaching it


@dataclass(frozen=True)
class DiagramCheck:
    found: list[str]  # "a cache", "an edge from the API to the cache", "a route API -> queue"
    missing: list[str]
    evidence: list[str]  # the diagram's lines that show what was found, verbatim, in order

    @property
    def met(self) -> bool:
        return not self.missing

    @property
    def ratio(self) -> float:
        """The share of the signal's parts found (1.0 for a signal that asks for nothing)."""
        total = len(self.found) + len(self.missing)
        return len(self.found) / total if total else 1.0


# Roles a signal accepts in place of another: candidates draw the application tier as an API
# ("API servers") or as a named service ("Payment service"), and mean the same boxes
STANDS_IN: dict[str, frozenset[str]] = {
    "api": frozenset({"service"}),
    "service": frozenset({"api"}),
}


class _Graph:
    """The flowchart's nodes by role, and each node's neighbours with the line of the edge."""

    def __init__(self, chart: Flowchart) -> None:
        self.chart = chart
        self.roles = {node_id: roles(node) for node_id, node in chart.nodes.items()}
        self.next: dict[str, list[tuple[str, int]]] = {node_id: [] for node_id in chart.nodes}
        for edge in chart.edges:
            for source in self._nodes_of(edge.source):
                for target in self._nodes_of(edge.target):
                    self._link(source, target, edge.line, both_ways=not edge.directed)

    def having(self, role: Role) -> list[str]:
        """The nodes that can play `role` (an API tier drawn as "Payment service" is one)."""
        wanted = STANDS_IN.get(role, frozenset()) | {role}
        return [node_id for node_id, found in self.roles.items() if wanted & found]

    def _link(self, source: str, target: str, line: int, *, both_ways: bool) -> None:
        if source != target:
            self.next[source].append((target, line))
            if both_ways:
                self.next[target].append((source, line))

    def _nodes_of(self, name: str, inside: frozenset[str] = frozenset()) -> list[str]:
        """A node's own id, or every node inside the subgraph of that name (`inside`: the
        subgraphs already opened, so a group naming itself ends)."""
        if name in self.chart.nodes:
            return [name]
        group = self.chart.subgraphs.get(name)
        if group is None or name in inside:
            return []
        return [
            node for member in group.members for node in self._nodes_of(member, inside | {name})
        ]


def check_diagram(chart: Flowchart, signal: DiagramSignal) -> DiagramCheck:
    """Which of the signal's components, edges and paths the flowchart holds."""
    graph = _Graph(chart)
    parts = [(describe(role), _component(graph, role)) for role in signal.components]
    parts += [(_edge_name(a, b), _edge(graph, a, b)) for a, b in signal.edges]
    parts += [(_path_name(path), _path(graph, path)) for path in signal.paths]
    lines = sorted({line for _, shown in parts if shown for line in shown})
    return DiagramCheck(
        found=[name for name, shown in parts if shown is not None],
        missing=[name for name, shown in parts if shown is None],
        evidence=[chart.quote(line) for line in lines],
    )


def _edge_name(source: Role, target: Role) -> str:
    return f"an edge from the {noun(source)} to the {noun(target)}"


def _path_name(path: list[Role]) -> str:
    return "a route " + " -> ".join(noun(role) for role in path)


def _component(graph: _Graph, role: Role) -> list[int] | None:
    """The line of the first node with the role, or None."""
    having = sorted(graph.having(role), key=lambda node_id: graph.chart.nodes[node_id].line)
    return [graph.chart.nodes[having[0]].line] if having else None


def _edge(graph: _Graph, source: Role, target: Role) -> list[int] | None:
    """The line of a direct edge from a node with one role to a node with the other, or None."""
    for node_id in graph.having(source):
        for neighbour, line in graph.next[node_id]:
            if target in graph.roles[neighbour]:
                return [line]
    return None


def _path(graph: _Graph, path: list[Role]) -> list[int] | None:
    """The edge lines of a shortest route through nodes with the path's roles in order."""
    if len(path) < 2:
        return _component(graph, path[0]) if path else []
    starts: list[State] = [(node_id, 1) for node_id in graph.having(path[0])]
    came_from: dict[State, tuple[State, int] | None] = dict.fromkeys(starts)
    pending = deque(starts)
    while pending:
        state = pending.popleft()
        if state[1] == len(path):
            return _route_lines(came_from, state)
        for step in _steps(graph, path, state):
            if step[0] not in came_from:
                came_from[step[0]] = (state, step[1])
                pending.append(step[0])
    return None


def _steps(graph: _Graph, path: list[Role], state: State) -> list[tuple[State, int]]:
    """The states one edge away; reaching a node with the next role matches it (taking it is
    never worse than passing it by)."""
    node_id, matched = state
    return [
        ((neighbour, matched + (path[matched] in graph.roles[neighbour])), line)
        for neighbour, line in graph.next[node_id]
    ]


def _route_lines(came_from: dict[State, tuple[State, int] | None], state: State) -> list[int]:
    lines: list[int] = []
    step = came_from[state]
    while step is not None:
        state, line = step
        lines.append(line)
        step = came_from[state]
    return lines[::-1]
