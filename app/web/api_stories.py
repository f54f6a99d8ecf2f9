"""The story bank's JSON API (app/stories/): list, create, read, edit on top of a version (409
`story_conflict` otherwise), delete; which competencies have a story; which stories fit a
behavioral prompt. Plain functions, so their units of work commit in a worker thread."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from app.kinds.behavioral.kind import known_competencies
from app.kinds.behavioral.models import BehavioralQuestion
from app.store.story_repository import StoryContent
from app.stories.fit import coverage, suggestions
from app.stories.service import StoryBank
from app.web.deps import ClockDep, PracticeDep, UserDep
from app.web.errors import ApiError
from app.web.schemas import problem_responses
from app.web.schemas_stories import StoryEdit, StoryList, StoryOut, StoryWrite

router = APIRouter(tags=["stories"], responses=problem_responses())


async def get_story_bank(request: Request) -> StoryBank:
    return StoryBank(request.app.state.store, known_competencies(request.app.state.settings))


StoryBankDep = Annotated[StoryBank, Depends(get_story_bank)]
# A story id is a row id: one past what the store can hold is a malformed request, not a lookup.
StoryId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The story's id.")]


@router.get("/api/stories", response_model=StoryList, summary="List the stories")
def list_stories(bank: StoryBankDep, user: UserDep) -> dict[str, Any]:
    return {"stories": [story.as_json() for story in bank.list(user)]}


@router.post("/api/stories", response_model=StoryOut, status_code=201, summary="Save a story")
def create(
    body: StoryWrite, bank: StoryBankDep, user: UserDep, now: ClockDep, response: Response
) -> dict[str, Any]:
    saved = bank.create(user, _content(body), now)
    response.headers["Location"] = f"/api/stories/{saved.id}"
    return saved.as_json()


@router.get("/api/stories/coverage", summary="Competencies with and without a story")
def story_coverage(bank: StoryBankDep, user: UserDep) -> dict[str, Any]:
    return coverage(bank.list(user), bank.competencies)


@router.get("/api/stories/{story_id}", response_model=StoryOut, summary="Read a story")
def read(story_id: StoryId, bank: StoryBankDep, user: UserDep) -> dict[str, Any]:
    return bank.get(user, story_id).as_json()


@router.put("/api/stories/{story_id}", response_model=StoryOut, summary="Edit a story")
def edit(
    story_id: StoryId, body: StoryEdit, bank: StoryBankDep, user: UserDep, now: ClockDep
) -> dict[str, Any]:
    """Save the edit as the next version; one based on another version than the stored one
    is a 409 `story_conflict` whose `current` holds the stored story."""
    return bank.update(user, story_id, _content(body), body.base_version, now).as_json()


@router.delete("/api/stories/{story_id}", status_code=204, summary="Delete a story")
def remove(story_id: StoryId, bank: StoryBankDep, user: UserDep) -> Response:
    bank.delete(user, story_id)
    return Response(status_code=204)


@router.get("/api/questions/{question_id}/stories", summary="Stories that fit a prompt")
def fitting(
    question_id: str, practice: PracticeDep, bank: StoryBankDep, user: UserDep
) -> dict[str, Any]:
    """The user's stories tagged with the prompt's competency first, then by the prompt's
    words they use; stories that share neither are left out."""
    question = practice.question(question_id)
    if not isinstance(question, BehavioralQuestion):
        raise ApiError(422, "not_behavioral", f"{question_id!r} is not a behavioral prompt.")
    found = suggestions(question, bank.list(user), bank.competencies)
    return {
        "competency": question.competency,
        "stories": [
            {"story": s.story.as_json(), "tagged": s.tagged, "terms": s.terms} for s in found
        ],
    }


def _content(body: StoryWrite) -> StoryContent:
    fields = body.model_dump(exclude={"base_version"})
    return StoryContent(**{**fields, "competencies": list(dict.fromkeys(body.competencies))})
