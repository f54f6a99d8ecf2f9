"""What a candidate sends for an isolation question: for each ask, the option chosen, by its
text as the question shows it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class IsolationAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    asks: dict[str, str] = Field(max_length=10)  # ask id -> the chosen option's text
