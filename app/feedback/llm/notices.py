"""The one line a candidate reads when model feedback falls back to the offline grader's."""

from __future__ import annotations

STANDS = "the offline grader's feedback above stands"

NOTICES = {
    "off": "No model is configured, so the offline grader's feedback is all there is.",
    "unsupported": "This kind of answer has no model feedback; " + STANDS + ".",
    "timeout": "The model did not answer in time; " + STANDS + ".",
    "rate_limited": "The model's endpoint is busy (rate limited); " + STANDS + ".",
    "server_error": "The model's endpoint failed; " + STANDS + ".",
    "unreachable": "The model's endpoint could not be reached; " + STANDS + ".",
    "rejected": "The model's endpoint refused the request; " + STANDS + ".",
    "invalid": "The model's reply was not valid feedback; " + STANDS + ".",
    "refused": "The model declined to grade this answer; " + STANDS + ".",
    "truncated": "The model's reply broke off; " + STANDS + ".",
    "circuit_open": "Model feedback is paused for a few minutes after repeated failures; "
    + STANDS
    + ".",
    "unavailable": "Model feedback failed on this server; " + STANDS + ".",
    "budget": "Today's model token budget is used up; " + STANDS + " (it resets at 00:00 UTC).",
}


def notice(reason: str, detail: str = "") -> str:
    """The notice for a fallback `reason` (a fault's reason, or off / unsupported / budget)."""
    return NOTICES.get(reason, "Model feedback is unavailable; " + STANDS + ".")
