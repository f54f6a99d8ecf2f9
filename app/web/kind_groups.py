"""How the pages name the kinds of question and group them: the question browser filters by
kind, and the home page offers the database-depth drills (plans, indexes, isolation) together,
and the API-design and behavioral rounds together."""

from __future__ import annotations

from typing import Any

from app.bank.models import Question
from app.web.api_catalog import summary
from app.workspace import Workspace

KIND_LABELS = {
    "sql": "SQL queries",
    "explain": "Query plans",
    "index": "Index design",
    "isolation": "Transactions and isolation",
    "design": "System design",
    "card": "Flashcards",
    "api": "API design",
    "behavioral": "Behavioral",
}
DATABASE_DEPTH = {
    "explain": "Read a real plan: where the time goes, which estimate is off, what each node did.",
    "index": "A slow query, its plan and its statistics: answer with the CREATE INDEX it needs.",
    "isolation": "Two sessions, step by step: what a statement returns, waits on or fails with.",
}

BEYOND_CODE = {
    "api": "A feature to serve: answer with an OpenAPI 3.1 document or an endpoint table, "
    "judged on status codes, idempotency, pagination and errors.",
    "behavioral": "Tell me about a time...: a STAR story, graded on its parts and on what the "
    "prompt probes, and kept in your story bank to tell again.",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def kind_choices(workspace: Workspace) -> list[dict[str, Any]]:
    """The kinds the bank holds, for the browser's filter: the database-depth ones together."""
    held = {q.kind for q in workspace.bank.questions.values()}
    depth = [k for k in DATABASE_DEPTH if k in held]
    others = sorted(held - set(depth), key=lambda k: (k != "sql", kind_label(k)))
    return [
        {"group": None, "kinds": [(k, kind_label(k)) for k in others]},
        {"group": "Database depth", "kinds": [(k, kind_label(k)) for k in depth]},
    ]


def depth_offers(workspace: Workspace, marks: dict[str, str]) -> list[dict[str, Any]]:
    """Each database-depth kind in the bank: what it drills, how many are solved, and the
    question to start with (the easiest not solved yet)."""
    return kind_offers(workspace, marks, DATABASE_DEPTH)


def kind_offers(
    workspace: Workspace, marks: dict[str, str], pitches: dict[str, str]
) -> list[dict[str, Any]]:
    """Each kind of `pitches` the bank holds, with its pitch, its solved count and the
    question to start with."""
    offers = []
    for kind, pitch in pitches.items():
        questions = _easiest_first(q for q in workspace.bank.questions.values() if q.kind == kind)
        if not questions:
            continue
        unsolved = [q for q in questions if marks.get(q.id) != "solved"]
        offers.append(
            {
                "kind": kind,
                "label": kind_label(kind),
                "pitch": pitch,
                "total": len(questions),
                "solved": len(questions) - len(unsolved),
                "next": summary(unsolved[0]) if unsolved else None,
            }
        )
    return offers


def _easiest_first(questions: Any) -> list[Question]:
    order = {"easy": 0, "medium": 1, "hard": 2}
    return sorted(questions, key=lambda q: (order.get(str(q.difficulty), 3), q.id))
