"""Builds the small documents of the fixture cases: `paths` and `extra` YAML under a header."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parents[2] / "fixtures" / "api"
HEADER = "openapi: 3.1.0\ninfo:\n  title: Case\n  version: '1'\npaths:\n"


def load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads((FIXTURES / name).read_text())["cases"]
    return cases


def document(case: dict[str, Any]) -> str:
    return f"{HEADER}{case['paths'].rstrip()}\n{case.get('extra', '').lstrip()}"


def names(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]
