"""Checking a flowchart against a diagram signal: components, edges both ways, routes through
other nodes, what is missing, and the diagram's own lines as evidence (diagram_checks.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.kinds.design.diagram import DiagramSignal, check_diagram, parse_flowchart
from app.kinds.design.roles import ROLE_ORDER
from tests.kinds.design.charts import drawn_charts

FIXTURES = Path(__file__).parents[2] / "fixtures" / "design"
CASES = tomllib.loads((FIXTURES / "diagram_checks.toml").read_text())["case"]


def signal_of(case: dict[str, Any]) -> DiagramSignal:
    return DiagramSignal.model_validate(
        {key: case[key] for key in ("components", "edges", "paths") if key in case}
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["name"])
def test_check(case: dict[str, Any]) -> None:
    checked = check_diagram(parse_flowchart(case["diagram"]), signal_of(case))
    assert checked.found == case["found"]
    assert checked.missing == case["missing"]
    assert checked.evidence == case["evidence"]
    assert checked.ratio == pytest.approx(case["ratio"], abs=1e-4)
    assert checked.met is (not case["missing"])


def test_evidence_is_quoted_from_the_answer() -> None:
    text = "flowchart LR\n\tapi[API]   -->   cache[(Redis)]   "
    checked = check_diagram(parse_flowchart(text), DiagramSignal(edges=[("api", "cache")]))
    assert checked.evidence == ["api[API]   -->   cache[(Redis)]"]
    assert all(line in text for line in checked.evidence)


ROLES = st.sampled_from(ROLE_ORDER)
SIGNALS = st.builds(
    DiagramSignal,
    components=st.lists(ROLES, max_size=3),
    edges=st.lists(st.tuples(ROLES, ROLES), max_size=3),
    paths=st.lists(st.lists(ROLES, min_size=1, max_size=4), max_size=2),
)
LABELLED = st.sampled_from(["API", "Redis", "Kafka", "Worker", "Postgres", "Client", "S3"])


@settings(max_examples=200, deadline=None)
@given(drawn=drawn_charts(labels=LABELLED), signal=SIGNALS)
def test_every_part_is_found_or_missing_and_evidence_is_the_diagrams(
    drawn: tuple[str, dict[str, Any]], signal: DiagramSignal
) -> None:
    text, _ = drawn
    checked = check_diagram(parse_flowchart(text), signal)
    parts = len(signal.components) + len(signal.edges) + len(signal.paths)
    assert len(checked.found) + len(checked.missing) == parts
    assert checked.met is (checked.ratio == 1.0)
    assert set(checked.evidence) <= {line.strip() for line in text.splitlines()}
    assert bool(checked.evidence) or not checked.found
