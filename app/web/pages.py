"""The browser pages: home, the question browser and the drill page for practice.

Pages read through the same services as the JSON API; the scripts on them call the API for
everything that changes state (run, submit, hints, rounds), so there is one path for each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.bank.models import Difficulty, Question
from app.feedback.llm.setup import status_line
from app.kinds.sql.models import SqlQuestion
from app.rounds.progress import question_marks, weak_topics
from app.rounds.service import round_summary
from app.store import (
    Round,
    attempt_scores,
    hints_revealed,
    latest_answer,
    latest_unfinished_round,
    running_round_with,
)
from app.store import recent_rounds as stored_recent_rounds
from app.web.api_catalog import find_dataset, find_question, matches, summary, table_out
from app.web.api_page import api_context
from app.web.api_rounds import round_view
from app.web.behavioral_page import behavioral_context
from app.web.dbdepth_page import dbdepth_context
from app.web.deps import ClockDep, ReadingDep, SessionDep, UserDep, WorkspaceDep
from app.web.design_page import design_context, walkthrough_offers
from app.web.kind_groups import BEYOND_CODE, depth_offers, kind_choices, kind_label, kind_offers
from app.web.kind_page import model_feedback_on, solved_before
from app.web.pages_review import review_panel
from app.web.schemas_rounds import RoundOut
from app.web.templating import render
from app.workspace import Workspace

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PRESETS = [
    {"label": "45-minute SQL round", "count": 3, "minutes": 45, "difficulty": ""},
    {"label": "30-minute warm-up", "count": 2, "minutes": 30, "difficulty": "easy"},
    {"label": "60-minute hard round", "count": 3, "minutes": 60, "difficulty": "hard"},
]


@router.get("/")
def home(
    request: Request,
    session: SessionDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
    reading: ReadingDep,
) -> HTMLResponse:
    """Start a round, continue one, the cards to review, recent results and the topics to
    work on."""
    marks = question_marks(attempt_scores(session, user_id=user))
    running = latest_unfinished_round(session, user_id=user, now=now)
    context = {
        "presets": PRESETS,
        "design": walkthrough_offers(workspace),
        "depth": depth_offers(workspace, marks),
        "beyond": kind_offers(workspace, marks, BEYOND_CODE),
        "review": review_panel(reading, user, now),
        "topics": _topics(workspace),
        "running": round_view(session, running, workspace, now) if running else None,
        "recent": _recent_rounds(session, user, workspace),
        "weak": weak_topics(marks, workspace.bank.questions),
        "solved": sum(marks.get(qid) == "solved" for qid in _sql_ids(workspace)),
        "total": len(_sql_ids(workspace)),
        "model_status": status_line(workspace.settings),
        "model_on": model_feedback_on(request),
    }
    return render(request, "home.html", context)


@router.get("/questions")
def question_browser(
    request: Request,
    session: SessionDep,
    user: UserDep,
    workspace: WorkspaceDep,
    topic: str = "",
    difficulty: str = "",
    dataset: str = "",
    kind: str = "",
) -> HTMLResponse:
    """Every question, filtered by kind, topic, difficulty and dataset, with solved marks."""
    chosen = {"topic": topic, "difficulty": difficulty, "dataset": dataset, "kind": kind}
    questions = [q for q in _sorted(workspace) if _matches(q, chosen)]
    context = {
        "questions": [summary(q) for q in questions],
        "marks": question_marks(attempt_scores(session, user_id=user)),
        "chosen": chosen,
        "topics": _topics(workspace),
        "datasets": sorted(workspace.datasets),
        "difficulties": [d.value for d in Difficulty],
        "kinds": kind_choices(workspace),
        "kind_label": kind_label,
    }
    return render(request, "questions.html", context)


@router.get("/questions/{question_id}")
def practice(
    request: Request,
    question_id: str,
    session: SessionDep,
    user: UserDep,
    workspace: WorkspaceDep,
    now: ClockDep,
) -> HTMLResponse:
    """One question outside a round: the solution may be shown at any time, unless the
    question is in a round still running (then it waits for the round, as in the round)."""
    question = find_question(workspace, question_id)
    running = running_round_with(session, user_id=user, question_id=question.id, now=now)
    return question_page(request, session, user, workspace, question, None, running)


def question_page(
    request: Request,
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> HTMLResponse:
    """The question on its kind's page; a kind without a page of its own yet gets the generic
    one (its prompt, rules and hints, and how to answer it through the API)."""
    page = workspace.kinds[question.kind].page
    template = page if page is not None and page in PAGES else "question.html"
    context = PAGES.get(template, generic_context)(
        session, user, workspace, question, round_, running
    )
    return render(request, template, {**context, "model_feedback": model_feedback_on(request)})


def generic_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None,
) -> dict[str, Any]:
    """What every question's page shows, whatever its kind."""
    round_id = round_.id if round_ else None
    revealed = hints_revealed(session, user_id=user, question_id=question.id, round_id=round_id)
    kind = workspace.kinds[question.kind]
    return {
        "question": question,
        "detail": summary(question),
        "grading": kind.rules(question),
        "hints": question.hints[:revealed],
        "solved_before": solved_before(session, user, question),
        "round": round_,
        "running_round": running.id if running else None,
        "answer_fields": list(kind.answer_model.model_fields),
    }


def _sql_ids(workspace: Workspace) -> list[str]:
    return [qid for qid, q in workspace.bank.questions.items() if q.kind == "sql"]


def drill_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """What the drill page shows, and the data its script starts from. The solution opens
    once the round is over; in practice, unless the question waits in a `running` round."""
    assert isinstance(question, SqlQuestion), "the drill page is the SQL kind's"
    round_id = round_.id if round_ else None
    revealed = hints_revealed(session, user_id=user, question_id=question.id, round_id=round_id)
    info = find_dataset(workspace, question.dataset)
    schema = [table_out(workspace, info, table) for table in info.tables]
    page = {
        "question_id": question.id,
        "dataset": question.dataset,
        "completion": {t.name: [c.name for c in t.columns] for t in schema},
        "saved_sql": _saved_sql(session, user, question, round_id),
        "hints_remaining": len(question.hints) - revealed,
        "solution_open": round_.over if round_ else running is None,
        "round": round_.model_dump() if round_ else None,
    }
    return {
        "question": question,
        "detail": summary(question),
        "grading": question.grading.policy().describe(),
        "schema": schema,
        "hints": question.hints[:revealed],
        "solved_before": solved_before(session, user, question),
        "round": round_,
        "running_round": running.id if running else None,
        "page": page,
    }


def _saved_sql(session: Session, user: int, question: Question, round_id: str | None) -> str | None:
    """The SQL of the latest answer to this question in the same context, to edit it again."""
    answer = latest_answer(session, user_id=user, question_id=question.id, round_id=round_id)
    return str(answer["sql"]) if answer else None


PageContext = Callable[
    [Session, int, Workspace, Question, RoundOut | None, Round | None], dict[str, Any]
]
# A kind's page: its context
PAGES: dict[str, PageContext] = {
    "drill.html": drill_context,
    "design.html": design_context,
    "explain.html": dbdepth_context,
    "index.html": dbdepth_context,
    "isolation.html": dbdepth_context,
    "behavioral.html": behavioral_context,
    "api.html": api_context,
}


def _recent_rounds(session: Session, user: int, workspace: Workspace) -> list[dict[str, Any]]:
    rounds = stored_recent_rounds(session, user_id=user, limit=5)
    questions = workspace.bank.questions
    return [
        {"round": r, "summary": round_summary(session, round_=r, questions=questions)}
        for r in rounds
    ]


def _sorted(workspace: Workspace) -> list[Question]:
    order = {d: i for i, d in enumerate(Difficulty)}
    return sorted(workspace.bank.questions.values(), key=lambda q: (order[q.difficulty], q.id))


def _matches(question: Question, chosen: dict[str, str]) -> bool:
    """The API's filter over the form's fields, where an empty field means any."""
    difficulty = next((d for d in Difficulty if d == chosen["difficulty"]), None)
    if chosen["difficulty"] and difficulty is None:
        return False
    kind, topic, dataset = (chosen[name] or None for name in ("kind", "topic", "dataset"))
    return matches(question, kind, topic, difficulty, dataset)


def _topics(workspace: Workspace) -> list[str]:
    return sorted({t for q in workspace.bank.questions.values() for t in q.topics})
