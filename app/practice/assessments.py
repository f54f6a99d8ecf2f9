"""Self-assessment: the candidate's own verdict (met, partial or missing) on each criterion of
a section, beside the grader's. Only the criteria the question's kind names for that section
can be assessed; a save replaces the section's verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.bank.models import Question
from app.practice.errors import PracticeError
from app.practice.sections import check_section, in_section_order
from app.practice.service import Practice, round_for
from app.store import SectionOf, SelfAssessment, assessments_of, save_assessment

VERDICTS = ("met", "partial", "missing")


@dataclass(frozen=True)
class Assessed:
    section: str
    round_id: str | None
    verdicts: dict[str, str]
    saved_at: datetime

    @classmethod
    def of(cls, row: SelfAssessment) -> Assessed:
        return cls(row.section, row.round_id, dict(row.verdicts), row.saved_at)


@dataclass(frozen=True)
class Assessment:
    """One save as a route parsed it: verdicts are already met, partial or missing."""

    user_id: int
    question: Question
    section: str
    round_id: str | None
    verdicts: dict[str, str]
    now: datetime


def assess(practice: Practice, assessment: Assessment) -> Assessed:
    """Store the section's verdicts (422 `unknown_criteria` naming any criterion the kind does
    not give that section)."""
    question, section = assessment.question, assessment.section
    check_section(practice.workspace.kinds, question, section)
    _check_criteria(practice, question, section, list(assessment.verdicts))
    where = SectionOf(assessment.user_id, question.id, assessment.round_id, section)
    with practice.store.session() as session:
        round_for(session, assessment.user_id, assessment.round_id, question)
        return Assessed.of(save_assessment(session, where, assessment.verdicts, assessment.now))


def list_assessments(
    practice: Practice, *, user_id: int, question: Question, round_id: str | None
) -> list[Assessed]:
    """Every section's self-assessment of the question, in the question's order of sections."""
    with practice.store.session() as session:
        round_for(session, user_id, round_id, question)
        rows = assessments_of(session, user_id=user_id, question_id=question.id, round_id=round_id)
        by_section = {row.section: Assessed.of(row) for row in rows}
    order = in_section_order(practice.workspace.kinds, question, list(by_section))
    return [by_section[section] for section in order]


def _check_criteria(
    practice: Practice, question: Question, section: str, assessed: list[str]
) -> None:
    criteria = practice.workspace.kinds[question.kind].criteria
    if criteria is None:
        detail = f"Questions of kind {question.kind!r} have no criteria to assess."
        raise PracticeError(422, "unknown_criteria", detail, unknown=assessed)
    known = criteria(question, section)
    unknown = [c for c in assessed if c not in known]
    if unknown:
        detail = f"Section {section!r} of {question.id!r} has no criteria "
        detail += ", ".join(map(repr, unknown))
        detail += f"; its criteria: {', '.join(known)}." if known else ": it has none to assess."
        raise PracticeError(422, "unknown_criteria", detail, unknown=unknown)
