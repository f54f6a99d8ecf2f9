"""What a candidate sends for a behavioral prompt: the STAR fields, or one free text, and the
story of their story bank it came from (if any)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.kinds.behavioral.models import STAR_PARTS, StarPart

MAX_FIELD = 10_000
MAX_TEXT = 20_000


class BehavioralAnswer(BaseModel):
    """Either the five STAR fields (any may be empty) or `text`, never both."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    situation: str = Field(default="", max_length=MAX_FIELD)
    task: str = Field(default="", max_length=MAX_FIELD)
    action: str = Field(default="", max_length=MAX_FIELD)
    result: str = Field(default="", max_length=MAX_FIELD)
    reflection: str = Field(default="", max_length=MAX_FIELD)
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    story_id: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _fields_or_text(self) -> BehavioralAnswer:
        if self.text is not None and any(self.fields().values()):
            raise ValueError("send either the STAR fields or `text`, not both")
        return self

    def fields(self) -> dict[StarPart, str]:
        return {part: getattr(self, part) for part in STAR_PARTS}

    def full_text(self) -> str:
        """The answer as one text: what quotes are checked against and word counts read."""
        if self.text is not None:
            return self.text
        return "\n\n".join(text for text in self.fields().values() if text.strip())
