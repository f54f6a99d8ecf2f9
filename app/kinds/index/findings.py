"""One thing an index gets wrong: the part it is about and why, in a sentence to learn from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.kinds.index.models import FindingCode


@dataclass(frozen=True)
class Finding:
    code: FindingCode
    part: str  # table, USING, UNIQUE, key, INCLUDE, WHERE
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "part": self.part, "message": self.message}
