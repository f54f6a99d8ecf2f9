"""Saving, editing and deleting a user's stories. Each edit names the version it was based on;
an edit based on any other (another tab saved since) is refused with what is stored, as
drafts are (app/practice/drafts.py). Competencies must be known (competencies.toml)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.kinds.behavioral.competencies import Competencies
from app.practice.errors import PracticeError
from app.store import Store
from app.store.models import Story
from app.store.story_repository import (
    StoryContent,
    delete_story,
    find_story,
    insert_story,
    stories_of,
    update_story,
)


@dataclass(frozen=True)
class SavedStory:
    id: int
    content: StoryContent
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, story: Story) -> SavedStory:
        content = StoryContent.of(story)
        return cls(story.id, content, story.version, story.created_at, story.updated_at)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **asdict(self.content),
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class StoryBank:
    store: Store
    competencies: Competencies

    def list(self, user_id: int) -> list[SavedStory]:
        with self.store.session() as session:
            return [SavedStory.of(story) for story in stories_of(session, user_id)]

    def get(self, user_id: int, story_id: int) -> SavedStory:
        with self.store.session() as session:
            return SavedStory.of(_found(session, user_id, story_id))

    def create(self, user_id: int, content: StoryContent, now: datetime) -> SavedStory:
        self._check(content)
        with self.store.session() as session:
            return SavedStory.of(insert_story(session, user_id, content, now))

    def update(
        self, user_id: int, story_id: int, edit: StoryContent, base_version: int, now: datetime
    ) -> SavedStory:
        """The next version, or 409 `story_conflict` with what is stored when the edit was
        based on another version; an edit that changes nothing keeps the version."""
        self._check(edit)
        with self.store.session() as session:
            story = _found(session, user_id, story_id)
            if StoryContent.of(story) == edit:
                return SavedStory.of(story)  # a retry, or two tabs agreeing
            if story.version != base_version:
                raise _conflict(SavedStory.of(story))
            saved = update_story(session, story, edit, now)
            if saved is None:  # another edit landed between our read and our write
                raise _conflict(SavedStory.of(_found(session, user_id, story_id)))
            return SavedStory.of(saved)

    def delete(self, user_id: int, story_id: int) -> None:
        with self.store.session() as session:
            if not delete_story(session, user_id, story_id):
                raise _not_found(story_id)

    def _check(self, content: StoryContent) -> None:
        unknown = [c for c in content.competencies if self.competencies.get(c) is None]
        if unknown:
            raise PracticeError(
                422,
                "unknown_competencies",
                f"Not competencies of the bank: {', '.join(unknown)}.",
                unknown=unknown,
                known=self.competencies.ids(),
            )


def _found(session: Any, user_id: int, story_id: int) -> Story:
    story = find_story(session, user_id, story_id)
    if story is None:
        raise _not_found(story_id)
    return story


def _not_found(story_id: int) -> PracticeError:
    return PracticeError(404, "not_found", f"There is no story {story_id}.")


def _conflict(stored: SavedStory) -> PracticeError:
    detail = (
        "This story was edited elsewhere since (another tab?): `current` holds that version. "
        "Load it, or keep yours by saving again with base_version set to current.version."
    )
    return PracticeError(409, "story_conflict", detail, current=stored.as_json())
