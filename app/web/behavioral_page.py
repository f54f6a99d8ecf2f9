"""The behavioral prompt's page and the story bank's page. The prompt's page shows the prompt,
the STAR fields (or one text) and the competencies a story can be tagged with; what the
interviewer listens for and the reference story come with the solution, after answering. The
story bank page lists the stories, which competencies have none yet and the prompts of each."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.behavioral.competencies import Competencies
from app.kinds.behavioral.kind import known_competencies
from app.kinds.behavioral.models import BehavioralQuestion
from app.store import Round
from app.stories.fit import coverage
from app.web.api_stories import StoryBankDep
from app.web.deps import UserDep, WorkspaceDep
from app.web.kind_page import kind_page_context
from app.web.schemas_rounds import RoundOut
from app.web.templating import render
from app.workspace import Workspace

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def behavioral_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """The page's context, and the data its script starts from (never the reference)."""
    assert isinstance(question, BehavioralQuestion), "the page is the behavioral kind's"
    known = known_competencies(workspace.settings)
    context = kind_page_context(session, user, workspace, question, round_, running)
    context["page"]["competencies"] = [{"id": c.id, "title": c.title} for c in known.competencies]
    return {**context, "competency": known.get(question.competency)}


@router.get("/stories")
def story_bank(
    request: Request, bank: StoryBankDep, user: UserDep, workspace: WorkspaceDep
) -> HTMLResponse:
    """The saved stories, the competencies without one, and the prompts of each competency."""
    saved = bank.list(user)
    page = {
        "stories": [story.as_json() for story in saved],
        "competencies": competency_rows(bank.competencies, workspace),
    }
    covered = coverage(saved, bank.competencies)
    context = {"page": page, "coverage": covered, "competencies": page["competencies"]}
    return render(request, "stories.html", context)


def competency_rows(known: Competencies, workspace: Workspace) -> list[dict[str, Any]]:
    """Each competency with the prompts that probe it."""
    prompts = behavioral_prompts(workspace)
    return [
        {
            "id": c.id,
            "title": c.title,
            "meaning": c.meaning,
            "prompts": [_prompt(q) for q in prompts if q.competency == c.id],
        }
        for c in known.competencies
    ]


def behavioral_prompts(workspace: Workspace) -> list[BehavioralQuestion]:
    questions = workspace.bank.questions.values()
    return sorted((q for q in questions if isinstance(q, BehavioralQuestion)), key=lambda q: q.id)


def _prompt(question: BehavioralQuestion) -> dict[str, str]:
    return {"id": question.id, "title": question.title, "difficulty": str(question.difficulty)}
