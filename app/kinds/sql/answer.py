"""What a candidate sends as an answer to a SQL question."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class SqlAnswer(BaseModel):
    """One query, in PostgreSQL (the default) or DuckDB's dialect."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sql: str = Field(min_length=1, max_length=20_000)
    dialect: Literal["postgres", "duckdb"] = "postgres"
