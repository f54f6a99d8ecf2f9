"""Labelled answers: free-text answers written for this project with a label for the whole
answer and a verdict per criterion, to measure a grader against (the offline grader in the
tests; a model with `drill feedback eval` later). One TOML file per prompt."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.feedback.model import Verdict

# stuffed: terms piled up without reasons; padded: long and full of filler and buzzwords
# (behavioral). Both rank with weak or below.
Label = Literal["strong", "medium", "weak", "stuffed", "padded"]
RANK: dict[Label, int] = {"weak": 0, "medium": 1, "strong": 2}


class LabelledAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    prompt: str  # the question id
    section: str
    label: Label
    plain: bool = False  # strong, and written in plain words with no jargon
    text: str = Field(min_length=1)
    diagram: str | None = None
    verdicts: dict[str, Verdict]  # criterion id -> the verdict a careful reader gives


class LabelledFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    prompt: str
    answers: list[LabelledAnswer]


def load_labelled(folder: Path) -> list[LabelledAnswer]:
    """Every labelled answer under `folder` (each file's `prompt` fills its answers')."""
    answers: list[LabelledAnswer] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        rows = [{"prompt": data["prompt"], **row} for row in data.get("answers", [])]
        answers += LabelledFile.model_validate({**data, "answers": rows}).answers
    return answers
