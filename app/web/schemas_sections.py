"""Bodies of the routes that keep a candidate's work on a question's sections: autosaved
drafts and self-assessments (part of the OpenAPI schema at /docs, beside schemas.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from app.web.schemas import Body

MAX_FIELDS = 8
MAX_FIELD_CHARS = 20_000
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=40)]
FieldText = Annotated[str, StringConstraints(max_length=MAX_FIELD_CHARS)]
CriterionId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Verdict = Literal["met", "partial", "missing"]
RoundId = Annotated[
    str | None, Field(max_length=64, description="The round it is for; absent: practice.")
]


class DraftRequest(Body):
    round_id: RoundId = None
    content: dict[FieldName, FieldText] = Field(
        max_length=MAX_FIELDS,
        description=f"At most {MAX_FIELDS} string fields of at most {MAX_FIELD_CHARS:,} "
        'characters each, e.g. {"text": ..., "diagram": ...}.',
    )
    base_version: int | None = Field(
        ge=1,
        description="The version this save is based on (the last one loaded or saved); null "
        "when there is none yet. Any other stored version is a 409 draft_conflict carrying it.",
    )


class DraftSaved(BaseModel):
    section: str
    version: int
    saved_at: str


class DraftOut(DraftSaved):
    content: dict[str, str]


class DraftList(BaseModel):
    drafts: list[DraftOut]


class AssessmentRequest(Body):
    round_id: RoundId = None
    verdicts: dict[CriterionId, Verdict] = Field(
        max_length=100, description="Per criterion id of the section: met, partial or missing."
    )


class AssessmentOut(BaseModel):
    section: str
    round_id: str | None
    verdicts: dict[str, Verdict]
    saved_at: str


class AssessmentList(BaseModel):
    assessments: list[AssessmentOut]
