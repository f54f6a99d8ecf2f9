"""The story bank's rows: a user's stories, each edit a new version, so that a stale tab
cannot overwrite a newer edit (as drafts do)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.store.models import Story


@dataclass(frozen=True)
class StoryContent:
    """What a candidate writes of a story; the rest (id, versions, times) is the store's."""

    title: str
    situation: str
    task: str
    action: str
    result: str
    reflection: str
    competencies: list[str]

    @classmethod
    def of(cls, story: Story) -> StoryContent:
        return cls(
            story.title,
            story.situation,
            story.task,
            story.action,
            story.result,
            story.reflection,
            list(story.competencies),
        )


def stories_of(session: Session, user_id: int) -> list[Story]:
    """The user's stories, the most recently edited first."""
    query = select(Story).where(Story.user_id == user_id)
    return list(session.scalars(query.order_by(Story.updated_at.desc(), Story.id.desc())))


def find_story(session: Session, user_id: int, story_id: int) -> Story | None:
    query = select(Story).where(Story.user_id == user_id, Story.id == story_id)
    return session.scalars(query).one_or_none()


def insert_story(session: Session, user_id: int, content: StoryContent, now: datetime) -> Story:
    story = Story(user_id=user_id, **asdict(content), version=1, created_at=now, updated_at=now)
    session.add(story)
    session.flush()
    return story


def update_story(
    session: Session, story: Story, content: StoryContent, now: datetime
) -> Story | None:
    """The next version of `story`, unless another edit moved it on since it was read (then
    None): a conditional UPDATE, so of two racing edits on one version only one wins."""
    saved = session.execute(
        update(Story)
        .where(Story.id == story.id, Story.version == story.version)
        .values(**asdict(content), version=story.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(story)
    return story if getattr(saved, "rowcount", 0) else None


def delete_story(session: Session, user_id: int, story_id: int) -> bool:
    """Delete the story; False when the user has no such story."""
    gone = session.execute(delete(Story).where(Story.user_id == user_id, Story.id == story_id))
    return bool(getattr(gone, "rowcount", 0))
