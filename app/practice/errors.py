"""What the practice service refuses, in its own terms; the web layer maps these to
problem+json (app/web/errors.py)."""

from __future__ import annotations

from typing import Any


class PracticeError(Exception):
    """A request the service cannot honour: a status, a stable code and a sentence for people;
    `extra` goes into the problem's body (what the client needs to recover)."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


class ConcurrentRetry(Exception):
    """Another request with the same key stored its answer first: undo ours, replay theirs."""

    def __init__(self, status_code: int, response: dict[str, Any]) -> None:
        super().__init__("replay")
        self.status_code, self.response = status_code, response
