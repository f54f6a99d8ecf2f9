"""What a candidate sends for a card."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_TYPED = 5_000  # a spoken answer of 90 seconds is about 230 words


class CardAnswer(BaseModel):
    """The answer as typed; empty when the candidate only thought it through or said it aloud."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    typed: str = Field(default="", max_length=MAX_TYPED)
