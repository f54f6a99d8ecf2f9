"""Idempotency-Key: a retry gets the stored response; a key reused for another request is
refused; the loser of a race between two retries gets the winner's response."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.practice.errors import ConcurrentRetry, PracticeError
from app.store import find_idempotent, save_idempotent


@dataclass(frozen=True)
class Replay:
    """The response stored for an earlier request with the same key."""

    status_code: int
    body: dict[str, Any]


def request_hash(request: BaseModel) -> str:
    """What tells two requests apart: the validated body, as JSON."""
    return hashlib.sha256(request.model_dump_json().encode()).hexdigest()


def replay(session: Session, *, user_id: int, key: str, fingerprint: str) -> Replay | None:
    record = find_idempotent(session, user_id=user_id, key=key)
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise PracticeError(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request; use a new key.",
        )
    return Replay(record.status_code, dict(record.response))


def remember(
    session: Session,
    *,
    user_id: int,
    key: str,
    fingerprint: str,
    response: dict[str, Any],
    identity: str = "attempt_id",
) -> None:
    """Store the response under the key; ConcurrentRetry (rolling back the caller's unit of
    work) when a racing request with the same key stored its own first (told apart by the
    `identity` field: the id of what the request recorded)."""
    record = save_idempotent(
        session,
        user_id=user_id,
        key=key,
        request_hash=fingerprint,
        status_code=200,
        response=response,
    )
    if record.response.get(identity) != response.get(identity):
        raise ConcurrentRetry(record.status_code, dict(record.response))
