"""Self-assessment of a question's sections (app/practice/assessments.py): the candidate's own
verdict on each criterion, saved per section and read back. Plain functions, so their units
of work commit in a worker thread (see app/web/api_rounds.py)."""

from __future__ import annotations

from fastapi import APIRouter

from app.practice.assessments import Assessed, Assessment, assess, list_assessments
from app.web.api_drafts import RoundQuery, Section
from app.web.deps import ClockDep, PracticeDep, UserDep
from app.web.schemas import problem_responses
from app.web.schemas_sections import AssessmentList, AssessmentOut, AssessmentRequest

router = APIRouter(prefix="/api/questions", tags=["assessments"], responses=problem_responses())


@router.put(
    "/{question_id}/assessments/{section}",
    response_model=AssessmentOut,
    summary="Assess a section yourself",
)
def save(
    question_id: str,
    section: Section,
    body: AssessmentRequest,
    practice: PracticeDep,
    user: UserDep,
    now: ClockDep,
) -> AssessmentOut:
    """Replace the section's verdicts; a criterion the question's kind does not give that
    section (or a kind without criteria) is a 422 `unknown_criteria` naming them."""
    assessment = Assessment(
        user_id=user,
        question=practice.question(question_id),
        section=section,
        round_id=body.round_id,
        verdicts=dict(body.verdicts),
        now=now,
    )
    return _out(assess(practice, assessment))


@router.get(
    "/{question_id}/assessments", response_model=AssessmentList, summary="Read the assessments"
)
def read(
    question_id: str, practice: PracticeDep, user: UserDep, round_id: RoundQuery = None
) -> AssessmentList:
    """Every section's self-assessment, in that round or (without round_id) practice."""
    question = practice.question(question_id)
    found = list_assessments(practice, user_id=user, question=question, round_id=round_id)
    return AssessmentList(assessments=[_out(a) for a in found])


def _out(assessed: Assessed) -> AssessmentOut:
    return AssessmentOut.model_validate(
        {
            "section": assessed.section,
            "round_id": assessed.round_id,
            "verdicts": assessed.verdicts,
            "saved_at": assessed.saved_at.isoformat(),
        }
    )
