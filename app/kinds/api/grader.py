"""An API answer graded: read (an OpenAPI document, or an endpoint table converted to one),
validated (an invalid document gets only its errors), then judged by every rule the prompt
asks for, into the feedback model with each quote checked against the candidate's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.feedback.model import CriterionFeedback, Feedback, SectionFeedback, ground
from app.feedback.offline import section_level
from app.kinds.api.answer import ApiAnswer
from app.kinds.api.document import Document, DocumentError, parse_document
from app.kinds.api.models import ApiCheck, ApiQuestion
from app.kinds.api.rules import CHECKS, TITLES, title
from app.kinds.api.rules.actions import one_round_trip, operations_present
from app.kinds.api.rules.base import Judgement
from app.kinds.api.table import TableError, table_document
from app.kinds.api.validation import ValidationIssue, validate
from app.kinds.outcome import Outcome
from app.kinds.registry import Services

SECTION = "design"
MAX_FIXES = 3


@dataclass(frozen=True)
class Reading:
    """A document read and validated: its issues, and the document once it has none."""

    document: Document | None
    issues: list[ValidationIssue]


def read_answer(answer: ApiAnswer) -> Reading:
    try:
        if answer.format == "table":
            document = table_document(answer.document)
        else:
            document = parse_document(answer.document)
    except (DocumentError, TableError) as error:
        where = ValidationIssue(path="$", line=error.line, column=error.column, message=str(error))
        return Reading(None, [where])
    issues = validate(document)
    return Reading(None if issues else document, issues)


class ApiGrader:
    def grade(self, question: ApiQuestion, answer: ApiAnswer, *, client: str | None) -> Outcome:
        return grade_answer(question, answer)


def make_grader(services: Services) -> ApiGrader:
    return ApiGrader()


def grade_answer(question: ApiQuestion, answer: ApiAnswer) -> Outcome:
    reading = read_answer(answer)
    validation = [issue.model_dump() for issue in reading.issues]
    if reading.document is None:
        return Outcome("invalid", 0.0, {"validation": validation, "feedback": None}, ["valid"])
    feedback = design_feedback(question, reading.document)
    section = feedback.sections[0]
    missed = [c.criterion_id for c in section.criteria if c.verdict != "met"]
    details = {"validation": validation, "feedback": feedback.model_dump(mode="json")}
    return Outcome("graded", section.score, details, missed)


def design_feedback(question: ApiQuestion, document: Document) -> Feedback:
    """Every criterion judged and grounded in the candidate's text."""
    judged = judgements(question, document)
    criteria = [ground(criterion, document.text) for criterion, _ in judged]
    fixes = [j.fix for c, j in judged if j.fix and c.verdict != "met"][:MAX_FIXES]
    level = section_level(criteria)
    section = SectionFeedback(section=SECTION, criteria=criteria, fixes=fixes, level=level)
    return Feedback(source="offline", sections=[section], level=level, fixes=fixes)


def judgements(
    question: ApiQuestion, document: Document
) -> list[tuple[CriterionFeedback, Judgement]]:
    implicit = {
        "operations_present": operations_present(document, question.actions),
        "one_round_trip": one_round_trip(document, question.actions),
    }
    found = [(_criterion(rule, TITLES[rule], "junior", j), j) for rule, j in implicit.items()]
    for check in question.checks:
        judgement = CHECKS[check.rule](document, check)
        found.append((_checked(check, judgement), judgement))
    return found


def _checked(check: ApiCheck, judgement: Judgement) -> CriterionFeedback:
    return _criterion(check.criterion_id, title(check), check.level, judgement)


def _criterion(criterion_id: str, name: str, level: Any, judgement: Judgement) -> CriterionFeedback:
    return CriterionFeedback(
        criterion_id=criterion_id,
        title=name,
        level=level,
        verdict=judgement.verdict,
        evidence=list(judgement.evidence),
        rationale=judgement.rationale,
    )
