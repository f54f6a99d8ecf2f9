"""Bodies of the story bank's routes (part of the OpenAPI schema at /docs)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from app.web.schemas import Body

MAX_FIELD_CHARS = 10_000
StarText = Annotated[str, StringConstraints(max_length=MAX_FIELD_CHARS)]
CompetencyId = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class StoryWrite(Body):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    situation: StarText = ""
    task: StarText = ""
    action: StarText = ""
    result: StarText = ""
    reflection: StarText = ""
    competencies: list[CompetencyId] = Field(
        default=[], max_length=20, description="ids of question_bank/behavioral/competencies.toml"
    )


class StoryEdit(StoryWrite):
    base_version: int = Field(
        ge=1,
        description="The version this edit is based on (the last one loaded or saved); any "
        "other stored version is a 409 story_conflict carrying the stored story.",
    )


class StoryOut(BaseModel):
    id: int
    title: str
    situation: str
    task: str
    action: str
    result: str
    reflection: str
    competencies: list[str]
    version: int
    created_at: str
    updated_at: str


class StoryList(BaseModel):
    stories: list[StoryOut]
