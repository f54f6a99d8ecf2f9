"""Which competencies a user's stories cover, and which stories fit a prompt: those tagged
with its competency first, then by how many of its words a story uses (the competency's terms
and the prompt's criteria terms), the most recent edit breaking ties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.feedback.text import sentences, term_span
from app.kinds.behavioral.competencies import Competencies
from app.kinds.behavioral.models import BehavioralQuestion
from app.stories.service import SavedStory


def coverage(stories: Sequence[SavedStory], known: Competencies) -> dict[str, list[dict[str, Any]]]:
    """Every known competency, with the ids of the stories tagged with it, or in `uncovered`."""
    rows: list[dict[str, Any]] = [
        {
            "id": c.id,
            "title": c.title,
            "stories": [s.id for s in stories if c.id in s.content.competencies],
        }
        for c in known.competencies
    ]
    return {
        "covered": [row for row in rows if row["stories"]],
        "uncovered": [row for row in rows if not row["stories"]],
    }


@dataclass(frozen=True)
class Suggestion:
    story: SavedStory
    tagged: bool  # tagged with the prompt's competency
    terms: list[str]  # the prompt's words the story uses


def suggestions(
    question: BehavioralQuestion, stories: Sequence[SavedStory], known: Competencies
) -> list[Suggestion]:
    wanted = prompt_terms(question, known)
    found = [_suggestion(story, question.competency, wanted) for story in stories]
    fitting = [s for s in found if s.tagged or s.terms]
    fitting.sort(key=lambda s: s.story.updated_at, reverse=True)
    return sorted(fitting, key=lambda s: (not s.tagged, -len(s.terms)))


def prompt_terms(question: BehavioralQuestion, known: Competencies) -> list[str]:
    competency = known.get(question.competency)
    own = [t for c in question.criteria for concept in c.concepts for t in concept.terms]
    return list(dict.fromkeys([*(competency.terms if competency else []), *own]))


def _suggestion(story: SavedStory, competency: str, wanted: Sequence[str]) -> Suggestion:
    content = story.content
    text = "\n\n".join(
        [
            content.title,
            content.situation,
            content.task,
            content.action,
            content.result,
            content.reflection,
        ]
    )
    every = [s.words for s in sentences(text)]
    used = [term for term in wanted if any(term_span(words, term) is not None for words in every)]
    return Suggestion(story, competency in content.competencies, used)
