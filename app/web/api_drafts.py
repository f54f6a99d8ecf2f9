"""Autosaved drafts of a question's sections (app/practice/drafts.py): save one section's
draft on top of the version the page holds, read them all back. Plain functions, so their
units of work commit in a worker thread (see app/web/api_rounds.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.practice.drafts import DraftSave, SavedDraft, list_drafts, save_draft
from app.web.deps import ClockDep, PracticeDep, UserDep
from app.web.schemas import problem_responses
from app.web.schemas_sections import DraftList, DraftOut, DraftRequest, DraftSaved

router = APIRouter(prefix="/api/questions", tags=["drafts"], responses=problem_responses())
Section = Annotated[str, Path(min_length=1, max_length=60)]
RoundQuery = Annotated[str | None, Query(max_length=64)]


@router.put("/{question_id}/drafts/{section}", response_model=DraftSaved, summary="Save a draft")
def save(
    question_id: str,
    section: Section,
    body: DraftRequest,
    practice: PracticeDep,
    user: UserDep,
    now: ClockDep,
) -> DraftSaved:
    """Save one section's draft (its kind's section id, or "main" for a kind without
    sections) as its next version. A save based on another version than the stored one is a
    409 `draft_conflict` whose `current` holds the stored content, version and saved_at."""
    save = DraftSave(
        user_id=user,
        question=practice.question(question_id),
        section=section,
        round_id=body.round_id,
        content=dict(body.content),
        base_version=body.base_version,
        now=now,
    )
    saved = save_draft(practice, save)
    return DraftSaved(section=saved.section, version=saved.version, saved_at=_iso(saved))


@router.get("/{question_id}/drafts", response_model=DraftList, summary="Read the drafts")
def read(
    question_id: str, practice: PracticeDep, user: UserDep, round_id: RoundQuery = None
) -> DraftList:
    """Every section's draft of the question, in that round or (without round_id) practice."""
    question = practice.question(question_id)
    drafts = list_drafts(practice, user_id=user, question=question, round_id=round_id)
    return DraftList(
        drafts=[
            DraftOut(section=d.section, content=d.content, version=d.version, saved_at=_iso(d))
            for d in drafts
        ]
    )


def _iso(draft: SavedDraft) -> str:
    return draft.saved_at.isoformat()
