"""What a candidate sends: an OpenAPI 3.1 document (YAML or JSON) or an endpoint table, and
an optional rationale."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_DOCUMENT = 100_000
MAX_RATIONALE = 20_000

AnswerFormat = Literal["openapi", "table"]


class ApiAnswer(BaseModel):
    """The design: `document` is OpenAPI (format "openapi") or a markdown endpoint table
    (format "table", docs/api-format.md); `rationale` is markdown, shown back, not graded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format: AnswerFormat = "openapi"
    document: str = Field(max_length=MAX_DOCUMENT)
    rationale: str = Field(default="", max_length=MAX_RATIONALE)
