"""The pages of the database-depth kinds (explain, index, isolation): one context for the three,
read from the kind's public view (what the question API shows, never an answer), so the page
and GET /api/questions/{id} can never disagree about what is visible before answering."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.store import Round
from app.web.kind_page import kind_page_context
from app.web.plan_settings import settings_line
from app.web.schemas_rounds import RoundOut
from app.workspace import Workspace

_TRANSACTION = re.compile(r"^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|END)\b", re.I)


def dbdepth_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """The page's context and the data its script starts from."""
    context = kind_page_context(session, user, workspace, question, round_, running)
    view = context["view"]
    asks = view.get("asks", [])
    grading, notes = split_rules(context["grading"], [ask["id"] for ask in asks])
    context["page"]["kind"] = question.kind
    return {
        **context,
        "grading": grading,
        "asks": [{**ask, "note": notes.get(ask["id"])} for ask in asks],
        "settings_line": settings_line(view),
        "timeline": timeline(view, notes) if question.kind == "isolation" else None,
    }


def split_rules(rules: list[str], ask_ids: list[str]) -> tuple[list[str], dict[str, str]]:
    """The rules of the whole question, and those a kind writes for one ask ("hot: pick one
    operator ...") as that ask's note, shown beside it (how a number is rounded, say)."""
    general: list[str] = []
    notes: dict[str, str] = {}
    for rule in rules:
        ask_id, _, text = rule.partition(": ")
        if ask_id in ask_ids and text:
            notes[ask_id] = text[:1].upper() + text[1:]
        else:
            general.append(rule)
    return general, notes


def timeline(view: dict[str, Any], notes: dict[str, str]) -> dict[str, Any]:
    """The two sessions as rows of steps, each step with the asks attached to it (numbered in
    the order they are asked)."""
    steps = [_step(number, step) for number, step in enumerate(view.get("steps", []), start=1)]
    asks = [
        {**ask, "number": n, "note": notes.get(ask["id"])}
        for n, ask in enumerate(view.get("asks", []), start=1)
    ]
    for step in steps:
        step["asks"] = [ask for ask in asks if _step_of(ask) == step["number"]]
    return {
        "setup": view.get("setup", ""),
        "sessions": _sessions(view),
        "steps": steps,
        "asks": asks,
    }


def _step(number: int, step: dict[str, Any]) -> dict[str, Any]:
    sql = str(step.get("sql", ""))
    return {
        **step,
        "number": int(step.get("step", number)),
        "transaction": bool(_TRANSACTION.match(sql)),
    }


def _step_of(ask: dict[str, Any]) -> int | None:
    step = ask.get("step")
    return int(step) if step is not None else None


def _sessions(view: dict[str, Any]) -> list[dict[str, Any]]:
    sessions: dict[str, dict[str, Any]] = view.get("sessions") or {}
    return [{"name": name, **_session_fields(value)} for name, value in sorted(sessions.items())]


def _session_fields(value: dict[str, Any]) -> dict[str, Any]:
    settings = value.get("settings") or {}
    return {
        "isolation": str(value.get("isolation", "")).upper(),
        "settings": [f"{key} = {setting}" for key, setting in settings.items()],
    }
