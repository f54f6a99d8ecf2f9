"""Parsing Mermaid flowcharts: every syntax people write (fixture pairs of .mmd and .json),
errors with their line and column (diagram_errors.toml), and properties over generated text."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.kinds.design.diagram import DiagramError, Flowchart, parse_flowchart, roles
from tests.kinds.design.charts import drawn_charts

FIXTURES = Path(__file__).parents[2] / "fixtures" / "design"
DIAGRAMS = sorted((FIXTURES / "diagrams").glob("*.mmd"))
ERRORS = tomllib.loads((FIXTURES / "diagram_errors.toml").read_text())["case"]


def as_json(chart: Flowchart) -> dict[str, Any]:
    """The chart in the fixtures' form: rows of node, edge and subgraph fields."""
    shown: dict[str, Any] = {
        "direction": chart.direction,
        "nodes": [[n.id, n.label, n.shape, n.line] for n in chart.nodes.values()],
        "edges": [[e.source, e.target, e.label, e.directed, e.line] for e in chart.edges],
    }
    if chart.subgraphs:
        shown["subgraphs"] = [
            [s.id, s.title, list(s.members), s.line] for s in chart.subgraphs.values()
        ]
    return shown


def test_every_diagram_fixture_has_its_expectation() -> None:
    assert len(DIAGRAMS) >= 10
    assert all(path.with_suffix(".json").exists() for path in DIAGRAMS)


@pytest.mark.parametrize("path", DIAGRAMS, ids=lambda path: path.stem)
def test_valid_diagrams(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text())
    assert as_json(parse_flowchart(path.read_text())) == expected


def test_source_lines_are_kept_for_quoting() -> None:
    text = "flowchart LR\r\n    api[API] --> db[(Postgres)]\r\n"
    chart = parse_flowchart(text)
    assert chart.source_lines == ["flowchart LR", "    api[API] --> db[(Postgres)]", ""]
    assert chart.quote(chart.edges[0].line) == "api[API] --> db[(Postgres)]"


@pytest.mark.parametrize("case", ERRORS, ids=lambda case: case["name"])
def test_errors_say_where_and_what_to_write(case: dict[str, Any]) -> None:
    with pytest.raises(DiagramError) as raised:
        parse_flowchart(case["text"])
    error = raised.value
    assert (error.line, error.column) == (case["line"], case.get("column"))
    where = f"line {case['line']}" + (f", column {case['column']}" if "column" in case else "")
    assert error.message.startswith(where + ": ")
    for words in case["says"]:
        assert words in error.message


SYNTAX = st.sampled_from([*'Aab o x-=.>|<[](){}"&;%\n:/\\~@', "-->", "end", "subgraph "])


@settings(max_examples=300, deadline=None)
@given(body=st.lists(SYNTAX, max_size=40).map("".join), header=st.booleans())
def test_any_text_is_a_flowchart_or_a_located_error(body: str, header: bool) -> None:
    text = ("flowchart LR\n" if header else "") + body
    try:
        chart = parse_flowchart(text)
    except DiagramError as error:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert 1 <= error.line <= len(lines)
        assert error.column is None or 1 <= error.column <= len(lines[error.line - 1]) + 1
        return
    for node in chart.nodes.values():
        roles(node)  # never fails
        assert 1 <= node.line <= len(chart.source_lines)


@settings(max_examples=200, deadline=None)
@given(drawn=drawn_charts())
def test_drawn_charts_read_back(drawn: tuple[str, dict[str, Any]]) -> None:
    text, expected = drawn
    assert as_json(parse_flowchart(text)) == expected
