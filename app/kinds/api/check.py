"""What `drill bank check` proves of an API prompt: its reference document validates, every
action's calls exist in it, and it meets every one of the prompt's own checks."""

from __future__ import annotations

from pathlib import Path

from app.bank.loader import ContentProblem
from app.kinds.api.answer import ApiAnswer
from app.kinds.api.grader import design_feedback, read_answer
from app.kinds.api.models import ApiQuestion


def check_question(question: ApiQuestion, source: Path) -> list[ContentProblem]:
    return [ContentProblem(source, where, reason) for where, reason in reference_problems(question)]


def reference_problems(question: ApiQuestion) -> list[tuple[str, str]]:
    reading = read_answer(ApiAnswer(document=question.reference.document))
    if reading.document is None:
        return [
            ("reference.document", f"line {i.line}: {i.path}: {i.message}") for i in reading.issues
        ]
    criteria = design_feedback(question, reading.document).sections[0].criteria
    return [
        ("reference.document", f"does not meet {c.criterion_id!r} ({c.verdict}): {c.rationale}")
        for c in criteria
        if c.verdict != "met"
    ]
