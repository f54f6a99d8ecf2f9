"""Persistence: tables, migrations and repository functions over SQLAlchemy sessions."""

from app.store.db import Store, create_store
from app.store.models import Attempt, HintReveal, IdempotencyRecord, Round, User
from app.store.outcome import GradedOutcome
from app.store.repository import (
    add_attempt,
    attempt_scores,
    attempts_for_question,
    attempts_for_round,
    create_round,
    ensure_user,
    find_idempotent,
    finish_round,
    get_round,
    hints_revealed,
    latest_answer,
    latest_unfinished_round,
    recent_rounds,
    record_hint,
    running_round_with,
    save_idempotent,
)

__all__ = [
    "Attempt",
    "GradedOutcome",
    "HintReveal",
    "IdempotencyRecord",
    "Round",
    "Store",
    "User",
    "add_attempt",
    "attempt_scores",
    "attempts_for_question",
    "attempts_for_round",
    "create_round",
    "create_store",
    "ensure_user",
    "find_idempotent",
    "finish_round",
    "get_round",
    "hints_revealed",
    "latest_answer",
    "latest_unfinished_round",
    "recent_rounds",
    "record_hint",
    "running_round_with",
    "save_idempotent",
]
