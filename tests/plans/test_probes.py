"""Every probe on real plans, against answers read off the plans by hand
(tests/fixtures/plans/probe_cases.toml)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from app.plans.duckdb import parse_duckdb
from app.plans.errors import ProbeError
from app.plans.model import Plan
from app.plans.postgres import parse_postgres
from app.plans.probes import PROBES, ProbeQuestion, answer, probe_named, timing_margin
from app.plans.select import Selector

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plans"
CASES = tomllib.loads((FIXTURES / "probe_cases.toml").read_text())["cases"]
PARSERS = {"postgres": parse_postgres, "duckdb": parse_duckdb}


def load_plan(name: str) -> Plan:
    engine = name.split("/", 1)[0]
    return PARSERS[engine](json.loads((FIXTURES / f"{name}.json").read_text()))


def question(case: dict[str, Any]) -> ProbeQuestion:
    node = Selector(**case["node"]) if "node" in case else None
    return ProbeQuestion(node, tuple(case.get("options", ())))


def case_id(case: dict[str, Any]) -> str:
    node = ",".join(f"{k}={v}" for k, v in case.get("node", {}).items())
    return f"{case['plan']}:{case['probe']}:{node}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_probe(case: dict[str, Any]) -> None:
    plan = load_plan(case["plan"])
    if "error" in case:
        with pytest.raises(ProbeError, match=case["error"].replace("(", r"\(").replace(")", r"\)")):
            answer(plan, case["probe"], question(case))
        return
    assert answer(plan, case["probe"], question(case)) == case["answer"]
    if "margin" in case:
        assert round(timing_margin(plan, probe_named(case["probe"])), 2) == case["margin"]


def test_every_probe_has_a_case() -> None:
    assert {case["probe"] for case in CASES} >= set(PROBES)


def test_number_probes_answer_numbers() -> None:
    for case in CASES:
        if "answer" in case and PROBES[case["probe"]].answers == "number":
            assert isinstance(answer(load_plan(case["plan"]), case["probe"], question(case)), float)
