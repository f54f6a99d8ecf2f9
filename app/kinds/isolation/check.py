"""What `drill bank check` proves of an isolation question: its capture exists, was recorded on
PostgreSQL 15, ran exactly the question's setup, sessions and statements, and recorded the very
outcomes the question states, step by step. (That every ask has exactly one right option among
distinct ones is proven when the question loads.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.bank.loader import ContentProblem
from app.kinds.isolation.captures import Capture, CaptureError, capture_path, load_capture
from app.kinds.isolation.claims import outcome_text
from app.kinds.isolation.models import IsolationQuestion

SERVER = "PostgreSQL 15."
RECAPTURE = "re-capture it (make isolation), then restate the outcomes"

Finding = tuple[str, str]  # the field, the reason


@dataclass(frozen=True)
class IsolationChecker:
    captures: Path  # the folder of the capture files

    def __call__(self, question: IsolationQuestion, source: Path) -> list[ContentProblem]:
        found = capture_problems(question, self.captures)
        return [ContentProblem(source, where, why) for where, why in found]


def capture_problems(question: IsolationQuestion, folder: Path) -> list[Finding]:
    try:
        capture = load_capture(capture_path(folder, question.capture))
    except CaptureError as error:
        return [("capture", str(error))]
    return [
        *_provenance(question, capture),
        *_scenario(question, capture),
        *_outcomes(question, capture),
    ]


def _provenance(question: IsolationQuestion, capture: Capture) -> list[Finding]:
    found = []
    if capture.name != question.capture:
        found.append(("capture", f"the file holds capture {capture.name!r}"))
    if not capture.version.startswith(SERVER):
        found.append(("capture", f"recorded on {capture.version!r}, not PostgreSQL 15"))
    return found


def _scenario(question: IsolationQuestion, capture: Capture) -> list[Finding]:
    found = []
    if capture.setup != question.setup:
        found.append(("setup", f"differs from the capture's: {RECAPTURE}"))
    if capture.sessions != question.sessions:
        found.append(("sessions", f"differ from the capture's: {RECAPTURE}"))
    if capture.interleaving().statements() != question.interleaving().statements():
        found.append(("steps", f"the statements differ from the capture's: {RECAPTURE}"))
    return found


def _outcomes(question: IsolationQuestion, capture: Capture) -> list[Finding]:
    statements = question.interleaving().statements()
    found = []
    pairs = zip(question.steps, capture.steps, strict=False)  # a length mismatch: _scenario
    for number, (stated, captured) in enumerate(pairs, start=1):
        if stated.outcome != captured.outcome:
            said = outcome_text(stated.outcome, statements, number)
            seen = outcome_text(captured.outcome, statements, number)
            found.append((f"steps.{number}.outcome", f"states {said!r}; captured: {seen!r}"))
    return found
