"""The architecture stage's diagram: a Mermaid flowchart, parsed, its components recognised by
role, and checked against a criterion's diagram signal. Pure: no web framework.

    >>> chart = parse_flowchart("flowchart LR\\n  api[API] --> cache[(Redis)]")
    >>> sorted(roles(chart.nodes["cache"]))
    ['cache']
    >>> check_diagram(chart, DiagramSignal(edges=[("api", "cache")])).found
    ['an edge from the API to the cache']

The parts live in their own modules: flowchart.py (what a chart holds), diagram_tokens.py and
diagram_parse.py (reading the text), roles.py and roles.toml (what a node is),
diagram_check.py (the signal).
"""

from __future__ import annotations

from app.kinds.design.diagram_check import DiagramCheck, check_diagram
from app.kinds.design.diagram_parse import parse_flowchart
from app.kinds.design.flowchart import DiagramError, Edge, Flowchart, Node, Subgraph
from app.kinds.design.models import DiagramSignal, Role
from app.kinds.design.roles import describe, roles

__all__ = [
    "DiagramCheck",
    "DiagramError",
    "DiagramSignal",
    "Edge",
    "Flowchart",
    "Node",
    "Role",
    "Subgraph",
    "check_diagram",
    "describe",
    "parse_flowchart",
    "roles",
]
