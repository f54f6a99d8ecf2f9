"""The review log as fsrs ReviewLog rows (card_id, rating 1-4, review_datetime,
review_duration), as CSV or JSON, for fitting the scheduler's parameters to a user's own
history with fsrs's optimizer. Undone ratings are left out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from app.review.scheduling import Grade, fsrs_card_id
from app.store import ReviewLogEntry

COLUMNS = ("card_id", "rating", "review_datetime", "review_duration")


def fsrs_rows(entries: Iterable[ReviewLogEntry]) -> list[dict[str, Any]]:
    """Each standing rating as fsrs's `ReviewLog.to_dict()` would write it."""
    return [
        {
            "card_id": fsrs_card_id(entry.card_id),
            "rating": int(Grade(entry.rating).rating),
            "review_datetime": entry.reviewed_at.isoformat(),
            "review_duration": entry.duration_ms,
        }
        for entry in entries
        if not entry.undone
    ]


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=1) + "\n"
