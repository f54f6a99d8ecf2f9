"""What a candidate sends as an answer to an index question."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class IndexAnswer(BaseModel):
    """One CREATE INDEX statement, in PostgreSQL's syntax."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sql: str = Field(min_length=1, max_length=5_000)
