"""The pages of the database-depth kinds (explain, index, isolation): one context for the three,
read from the kind's public view (what the question API shows, never an answer), so the page
and GET /api/questions/{id} can never disagree about what is visible before answering."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from app.bank.models import Question
from app.kinds.outcome import is_solved
from app.store import Round, attempts_for_question, hints_revealed
from app.web.api_catalog import summary
from app.web.schemas_rounds import RoundOut
from app.workspace import Workspace

_TRANSACTION = re.compile(r"^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|END)\b", re.I)
_VERSION = re.compile(r"^(PostgreSQL \d+(\.\d+)?|DuckDB v?[\d.]+)", re.I)


def dbdepth_context(
    session: Session,
    user: int,
    workspace: Workspace,
    question: Question,
    round_: RoundOut | None,
    running: Round | None = None,
) -> dict[str, Any]:
    """The page's context and the data its script starts from."""
    kind = workspace.kinds[question.kind]
    view = kind.public_view(question)
    round_id = round_.id if round_ else None
    revealed = hints_revealed(session, user_id=user, question_id=question.id, round_id=round_id)
    page = {
        "question_id": question.id,
        "kind": question.kind,
        "view": view,
        "hints_remaining": len(question.hints) - revealed,
        "solution_open": round_.over if round_ else running is None,
        "round": round_.model_dump() if round_ else None,
    }
    return {
        "question": question,
        "detail": summary(question),
        "grading": kind.rules(question),
        "hints": question.hints[:revealed],
        "solved_before": solved_before(session, user, question),
        "round": round_,
        "running_round": running.id if running else None,
        "view": view,
        "settings_line": settings_line(view),
        "timeline": timeline(view) if question.kind == "isolation" else None,
        "page": page,
    }


def solved_before(session: Session, user: int, question: Question) -> bool:
    """Whether any attempt at the question, in practice or a round, solved it."""
    attempts = attempts_for_question(session, user_id=user, question_id=question.id)
    return any(is_solved(a.score) for a in attempts)


def settings_line(view: dict[str, Any]) -> str:
    """Where the plan was measured, in one line: "PostgreSQL 15.18 · work_mem = 4MB"."""
    versions = [*(view.get("versions") or {}).values(), view.get("version")]
    named = [_short_version(str(v)) for v in versions if v]
    settings = view.get("settings") or {}
    return " · ".join([*named, *(f"{key} = {value}" for key, value in settings.items())])


def _short_version(text: str) -> str:
    found = _VERSION.match(text)
    return found.group(1) if found else text


def timeline(view: dict[str, Any]) -> dict[str, Any]:
    """The two sessions as rows of steps, each step with the asks attached to it (numbered in
    the order they are asked)."""
    steps = [_step(number, step) for number, step in enumerate(view.get("steps", []), start=1)]
    asks = [{**ask, "number": n} for n, ask in enumerate(view.get("asks", []), start=1)]
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
