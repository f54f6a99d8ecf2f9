"""A recorded PostgreSQL plan (question_bank/captures/plans/<scenario>.json): the plan as
PostgreSQL returned it, with what it takes to read and reproduce it. Written by the capture
script, never by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.plans.errors import PlanFormatError
from app.plans.model import Plan
from app.plans.postgres import parse_postgres

SCENARIO_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class ColumnStatistics(BaseModel):
    """pg_stats of one column when the plan was taken (None where PostgreSQL keeps none)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n_distinct: float  # > 0: a count; < 0: minus the share of rows (-1: all distinct)
    null_frac: float
    correlation: float | None = None  # physical order against value order, -1..1
    most_common_vals: list[str] | None = None  # as text
    most_common_freqs: list[float] | None = None


class TableStatistics(BaseModel):
    """What the planner knew of one table the query reads."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: int  # counted when the plan was taken
    reltuples: float | None = None  # pg_class: the planner's row count (-1: never analysed)
    relpages: int | None = None
    columns: dict[str, ColumnStatistics] = Field(default_factory=dict)  # those the query names


class PlanCapture(BaseModel):
    """One captured plan and its circumstances."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str = Field(pattern=SCENARIO_PATTERN)  # the file's name without .json
    description: str = ""  # what the scenario shows, in a sentence
    dataset: str | None = None  # the built-in dataset loaded into PostgreSQL, if one was
    setup: list[str] = Field(default_factory=list)  # statements run first (CREATE INDEX ...)
    query: str = Field(min_length=1)  # the query explained, as the candidate reads it
    settings: dict[str, str] = Field(default_factory=dict)  # work_mem, enable_* ... that matter
    version: str = Field(min_length=1)  # SELECT version()
    captured_at: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}")  # ISO date (or date and time)
    statistics: dict[str, TableStatistics] = Field(default_factory=dict)  # per table read
    plan: list[dict[str, Any]] = Field(min_length=1, max_length=1)  # EXPLAIN's JSON, untouched

    def parsed(self) -> Plan:
        return parse_postgres(self.plan)


def capture_path(captures_dir: Path, scenario: str) -> Path:
    """Where a scenario's capture lives, under question_bank/captures/."""
    return captures_dir / "plans" / f"{scenario}.json"


def load_capture(path: Path) -> PlanCapture:
    """A capture file read and validated; PlanFormatError says what is wrong with it."""
    try:
        return PlanCapture.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise PlanFormatError(f"no capture file {path.name}") from None
    except (json.JSONDecodeError, ValidationError) as error:
        raise PlanFormatError(f"{path.name} is not a valid capture: {error}") from None
