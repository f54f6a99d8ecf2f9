"""Recognising each node's role from its label, id and shape (fixture: roles_cases.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, get_args

import pytest

from app.kinds.design.diagram import parse_flowchart, roles
from app.kinds.design.models import Role
from app.kinds.design.roles import ROLES_FILE, describe, read_role_table, role_table

FIXTURES = Path(__file__).parents[2] / "fixtures" / "design"
CASES = tomllib.loads((FIXTURES / "roles_cases.toml").read_text())["case"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["node"])
def test_roles(case: dict[str, Any]) -> None:
    (node,) = parse_flowchart("flowchart LR\n  " + case["node"]).nodes.values()
    assert sorted(roles(node)) == case["roles"]


def test_every_role_is_recognised_by_some_case() -> None:
    recognised = {role for case in CASES for role in case["roles"]}
    assert recognised == set(get_args(Role))


def test_every_role_reads_well_in_feedback() -> None:
    assert describe("api") == "an API" and describe("object_store") == "an object store"
    assert all(describe(role).split()[0] in ("a", "an") for role in get_args(Role))


def test_the_table_refuses_a_phrase_under_two_roles() -> None:
    data = tomllib.loads(ROLES_FILE.read_text())
    data["roles"]["cache"]["words"].append("kafka")
    with pytest.raises(ValueError, match="'kafka' is listed for two roles"):
        read_role_table(data)


def test_the_table_must_describe_every_role() -> None:
    data = tomllib.loads(ROLES_FILE.read_text())
    del data["roles"]["cdn"]
    with pytest.raises(ValueError, match="must describe exactly the roles"):
        read_role_table(data)


def test_the_table_is_read_once() -> None:
    assert role_table() is role_table()
