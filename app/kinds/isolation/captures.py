"""Captures: an interleaving as PostgreSQL ran it, stored as JSON in
question_bank/captures/isolation/<name>.json by tools/capture_isolation.py and never edited by
hand. A question states the same steps and outcomes; the content check proves they agree."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import Field, ValidationError

from app.bank.models import Strict
from app.kinds.isolation.scenario import Interleaving, Session, SessionName, Step

CAPTURE_NAME = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Capture(Strict):
    name: str = Field(pattern=CAPTURE_NAME)
    version: str  # SELECT version() of the server it ran on
    captured_at: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    setup: str
    sessions: dict[SessionName, Session]
    steps: list[Step]

    def interleaving(self) -> Interleaving:
        return Interleaving(setup=self.setup, sessions=self.sessions, steps=self.steps)


class CaptureError(Exception):
    pass


def capture_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.json"


def load_capture(path: Path) -> Capture:
    """The capture stored at `path`; CaptureError says why it cannot be read."""
    try:
        return Capture.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CaptureError(f"no capture {path.name}: {error.strerror}") from error
    except ValidationError as error:
        raise CaptureError(f"capture {path.name} is malformed: {error}") from error


def capture_text(capture: Capture) -> str:
    return json.dumps(capture.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
