"""What a candidate sends for one stage of a walkthrough."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.kinds.design.models import StageName

MAX_TEXT = 20_000
MAX_DIAGRAM = 10_000


class DesignAnswer(BaseModel):
    """One stage's answer: markdown, and on the architecture stage a Mermaid flowchart."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    stage: StageName
    text: str = Field(default="", max_length=MAX_TEXT)
    diagram: str | None = Field(default=None, max_length=MAX_DIAGRAM)
