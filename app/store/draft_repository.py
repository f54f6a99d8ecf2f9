"""A candidate's work on one section of a question, outside answers: autosaved drafts (each
save a new version, so that a stale tab cannot overwrite a newer save) and self-assessments.
Rows are per user, question, round (or none: practice) and section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store.models import Draft, SelfAssessment

PerSection = TypeVar("PerSection", Draft, SelfAssessment)


@dataclass(frozen=True)
class SectionOf:
    """Which section of which question, for whom, in which round (None: practice)."""

    user_id: int
    question_id: str
    round_id: str | None
    section: str


def find_draft(session: Session, where: SectionOf) -> Draft | None:
    return session.scalars(select(Draft).where(*_matching(Draft, where))).one_or_none()


def drafts_of(
    session: Session, *, user_id: int, question_id: str, round_id: str | None
) -> list[Draft]:
    """Every section's draft of a question, in that round or in practice."""
    return _all(session, Draft, _of_question(Draft, user_id, question_id, round_id))


def insert_draft(
    session: Session, where: SectionOf, content: dict[str, str], now: datetime
) -> Draft | None:
    """The first version of a draft; None when a racing first save stored one before."""
    draft = Draft(
        user_id=where.user_id,
        question_id=where.question_id,
        round_id=where.round_id,
        section=where.section,
        content=content,
        version=1,
        saved_at=now,
    )
    try:
        with session.begin_nested():  # losing the race undoes only this insert
            session.add(draft)
    except IntegrityError:
        return None
    return draft


def update_draft(
    session: Session, draft: Draft, content: dict[str, str], now: datetime
) -> Draft | None:
    """The next version of `draft`, unless another save moved it on since it was read (then
    None): a conditional UPDATE, so of two racing saves on one version only one wins."""
    saved = session.execute(
        update(Draft)
        .where(Draft.id == draft.id, Draft.version == draft.version)
        .values(content=content, version=draft.version + 1, saved_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(draft)
    return draft if getattr(saved, "rowcount", 0) else None


def find_assessment(session: Session, where: SectionOf) -> SelfAssessment | None:
    query = select(SelfAssessment).where(*_matching(SelfAssessment, where))
    return session.scalars(query).one_or_none()


def assessments_of(
    session: Session, *, user_id: int, question_id: str, round_id: str | None
) -> list[SelfAssessment]:
    """Every section's self-assessment of a question, in that round or in practice."""
    query = _of_question(SelfAssessment, user_id, question_id, round_id)
    return _all(session, SelfAssessment, query)


def save_assessment(
    session: Session, where: SectionOf, verdicts: dict[str, str], now: datetime
) -> SelfAssessment:
    """Replace the section's self-assessment: the last save wins (verdicts are a few clicks,
    not text that a stale tab could lose)."""
    stored = find_assessment(session, where) or _insert_assessment(session, where, verdicts, now)
    if stored is None:  # a racing first save stored one: replace it
        stored = find_assessment(session, where)
        assert stored is not None
    stored.verdicts, stored.saved_at = verdicts, now
    session.flush()
    return stored


def _insert_assessment(
    session: Session, where: SectionOf, verdicts: dict[str, str], now: datetime
) -> SelfAssessment | None:
    assessment = SelfAssessment(
        user_id=where.user_id,
        question_id=where.question_id,
        round_id=where.round_id,
        section=where.section,
        verdicts=verdicts,
        saved_at=now,
    )
    try:
        with session.begin_nested():
            session.add(assessment)
    except IntegrityError:
        return None
    return assessment


def _matching(table: type[PerSection], where: SectionOf) -> list[ColumnElement[bool]]:
    question: list[ColumnElement[bool]] = _of_question(
        table, where.user_id, where.question_id, where.round_id
    )
    return [*question, table.section == where.section]


def _of_question(
    table: type[PerSection], user_id: int, question_id: str, round_id: str | None
) -> list[ColumnElement[bool]]:
    in_round = table.round_id.is_(None) if round_id is None else table.round_id == round_id
    return [table.user_id == user_id, table.question_id == question_id, in_round]


def _all(
    session: Session, table: type[PerSection], conditions: list[ColumnElement[bool]]
) -> list[PerSection]:
    return list(session.scalars(select(table).where(*conditions).order_by(table.id)))
