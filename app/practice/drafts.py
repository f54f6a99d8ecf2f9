"""Autosaved drafts of a question's sections, in a round or in practice: work in progress that
survives a reload, a second tab and a restart. Drafts are not answers (answering still goes
through the practice service) and may be saved after their round is over: work is never lost.

Each save names the version it was based on. A save based on anything but the stored version
(another tab saved since) is refused with that version, so the page can offer to load it or
to keep its own text (saving again on top of it); a save of what is stored already succeeds
without a new version, so a retried save is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.practice.errors import PracticeError
from app.practice.sections import check_section, in_section_order
from app.practice.service import Practice, round_for
from app.store import Draft, SectionOf, drafts_of, find_draft, insert_draft, update_draft


@dataclass(frozen=True)
class SavedDraft:
    section: str
    content: dict[str, str]
    version: int
    saved_at: datetime

    @classmethod
    def of(cls, draft: Draft) -> SavedDraft:
        return cls(draft.section, dict(draft.content), draft.version, draft.saved_at)

    def current(self) -> dict[str, Any]:
        """What a refused save is told is stored instead."""
        saved_at = self.saved_at.isoformat()
        return {"content": self.content, "version": self.version, "saved_at": saved_at}


@dataclass(frozen=True)
class DraftSave:
    """One save as a route parsed it."""

    user_id: int
    question: Question
    section: str
    round_id: str | None
    content: dict[str, str]
    base_version: int | None  # the version the page last loaded or saved; None: none yet
    now: datetime


def save_draft(practice: Practice, save: DraftSave) -> SavedDraft:
    """Store the save as the next version, or refuse it (409 `draft_conflict`, with what is
    stored) when it was based on another version than the stored one."""
    check_section(practice.workspace.kinds, save.question, save.section)
    where = SectionOf(save.user_id, save.question.id, save.round_id, save.section)
    with practice.store.session() as session:
        round_for(session, save.user_id, save.round_id, save.question)
        return _save(session, where, save)


def _save(session: Session, where: SectionOf, save: DraftSave) -> SavedDraft:
    stored = find_draft(session, where)
    if stored is not None and stored.content == save.content:
        return SavedDraft.of(stored)  # a retry, or two tabs agreeing: nothing to lose
    if (stored.version if stored else None) != save.base_version:
        raise _conflict(stored)
    saved = (
        insert_draft(session, where, save.content, save.now)
        if stored is None
        else update_draft(session, stored, save.content, save.now)
    )
    if saved is None:  # another save landed between our read and our write
        raise _conflict(find_draft(session, where))
    return SavedDraft.of(saved)


def list_drafts(
    practice: Practice, *, user_id: int, question: Question, round_id: str | None
) -> list[SavedDraft]:
    """Every section's draft of the question (in that round, or in practice), in the
    question's order of sections."""
    with practice.store.session() as session:
        round_for(session, user_id, round_id, question)
        drafts = {
            d.section: SavedDraft.of(d)
            for d in drafts_of(session, user_id=user_id, question_id=question.id, round_id=round_id)
        }
    order = in_section_order(practice.workspace.kinds, question, list(drafts))
    return [drafts[section] for section in order]


def _conflict(stored: Draft | None) -> PracticeError:
    current = SavedDraft.of(stored).current() if stored else None
    detail = (
        "This draft was saved elsewhere since (another tab?): `current` holds that version. "
        "Load it, or keep yours by saving again with base_version set to current.version."
        if stored
        else "There is no saved draft to base this save on: save with base_version null."
    )
    return PracticeError(409, "draft_conflict", detail, current=current)
