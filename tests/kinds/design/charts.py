"""Hypothesis strategies for flowcharts: Mermaid text drawn in every shape and arrow, with
what parsing it must give."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from app.kinds.design.diagram_tokens import SHAPES

ARROWS = [
    ("-->", True),
    ("---", False),
    ("-.->", True),
    ("-.-", False),
    ("==>", True),
    ("===", False),
    ("--o", True),
    ("--x", True),
    ("<-->", False),
    ("o--o", False),
    ("x--x", False),
    ("--->", True),
    ("-..->", True),
    ("===>", True),
]
TEXT_FORMS = [("--", "-->", True), ("-.", ".->", True), ("==", "==>", True), ("--", "---", False)]
KEYWORDS = {"end", "subgraph", "class", "classDef", "style", "linkStyle", "click", "direction"}
IDS = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,7}", fullmatch=True).filter(
    lambda name: name not in KEYWORDS
)
WORDS = st.lists(st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True), min_size=1, max_size=4)
LABELS = WORDS.map(" ".join)
QUOTED = st.lists(st.sampled_from(["a", "(b)", "[c]", "{d}", "e|f", "g;h", "%%i"]), min_size=1)


@st.composite
def drawn_charts(
    draw: st.DrawFn, labels: st.SearchStrategy[str] = LABELS
) -> tuple[str, dict[str, Any]]:
    """Mermaid text and what parsing it must give: each node declared on a line of its own,
    then the edges, one a line."""
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    lines = ["flowchart LR"]
    nodes = [_drawn_node(draw, node_id, labels, lines) for node_id in ids]
    edges = [_drawn_edge(draw, ids, lines) for _ in range(draw(st.integers(0, 6)))]
    return "\n".join(lines), {"direction": "LR", "nodes": nodes, "edges": edges}


def _drawn_node(
    draw: st.DrawFn, node_id: str, labels: st.SearchStrategy[str], lines: list[str]
) -> list[Any]:
    opening, closing, shape = draw(st.sampled_from(SHAPES))
    quoted = draw(st.booleans())
    label = " ".join(draw(QUOTED)) if quoted else draw(labels)
    written = f'"{label}"' if quoted else label
    lines.append(f"  {node_id}{opening}{written}{closing}")
    return [node_id, label, shape, len(lines)]


def _drawn_edge(draw: st.DrawFn, ids: list[str], lines: list[str]) -> list[Any]:
    source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
    arrow, label, directed = draw(_written_link())
    lines.append(f"  {source} {arrow} {target}")
    return [source, target, label, directed, len(lines)]


@st.composite
def _written_link(draw: st.DrawFn) -> tuple[str, str | None, bool]:
    form = draw(st.sampled_from(["plain", "pipe", "text"]))
    label = draw(LABELS)
    if form == "text":
        opening, closing, directed = draw(st.sampled_from(TEXT_FORMS))
        return f"{opening} {label} {closing}", label, directed
    arrow, directed = draw(st.sampled_from(ARROWS))
    return (f"{arrow}|{label}|", label, directed) if form == "pipe" else (arrow, None, directed)
