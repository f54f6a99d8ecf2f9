"""Reading a grading request the way the responders need it: the delimiter token from the
system message, the candidate's answer between its delimiter lines and the criteria (with the
offline grader's verdicts) from the fenced JSON block under `# Criteria` in the user message."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, TypeGuard

from tests.fakellm.actions import RecordedRequest

TOKEN = re.compile(r"<<<ANSWER-([0-9a-f]{16})>>>")
VERDICTS = ("met", "partial", "missing")
NOT_JUDGED = {"verdict": "missing", "evidence": []}


class PromptError(ValueError):
    """The request lacks a part a responder reads; the message says which part and why."""


@dataclass(frozen=True)
class Criterion:
    criterion_id: str
    title: str
    met: str  # what meeting the criterion looks like, for the fixes
    verdict: str  # the offline grader's
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class GradingPrompt:
    token: str
    answer: str
    criteria: tuple[Criterion, ...]


def read_prompt(request: RecordedRequest) -> GradingPrompt:
    """The parts of a grading request, or a PromptError naming the part that is missing."""
    token = _token(request.message("system"))
    user = request.message("user")
    return GradingPrompt(token, _answer(user, token), _criteria(user))


def _token(system: str) -> str:
    found = TOKEN.search(system)
    if found is None:
        raise PromptError("the system message names no delimiter line <<<ANSWER-{16 hex}>>>")
    return found.group(1)


def _answer(user: str, token: str) -> str:
    lines = user.splitlines()
    start, end = f"<<<ANSWER-{token}>>>", f"<<<END-{token}>>>"
    if start not in lines:
        raise PromptError(f"the user message has no line {start} (the system message's token)")
    body = lines[lines.index(start) + 1 :]
    if end not in body:
        raise PromptError(f"the user message has no line {end} after {start}")
    return "\n".join(body[: body.index(end)])


def _criteria(user: str) -> tuple[Criterion, ...]:
    try:
        items = json.loads(_criteria_block(user))
    except json.JSONDecodeError as error:
        raise PromptError(f"the # Criteria block is not JSON: {error}") from error
    if not isinstance(items, list) or not items:
        raise PromptError("the # Criteria block is not a non-empty JSON list")
    return tuple(_criterion(item, position) for position, item in enumerate(items))


def _criteria_block(user: str) -> str:
    """The text of the ```json fence that follows the first `# Criteria` heading."""
    lines = [line.strip() for line in user.splitlines()]
    if "# Criteria" not in lines:
        raise PromptError("the user message has no '# Criteria' heading")
    rest = lines[lines.index("# Criteria") + 1 :]
    first = next((i for i, line in enumerate(rest) if line), len(rest))
    if rest[first : first + 1] != ["```json"] or "```" not in rest[first + 1 :]:
        raise PromptError("'# Criteria' is not followed by a ```json ... ``` block")
    body = rest[first + 1 :]
    return "\n".join(body[: body.index("```")])


def _criterion(item: Any, position: int) -> Criterion:
    if not isinstance(item, dict) or not isinstance(item.get("criterion_id"), str):
        raise PromptError(f"criterion #{position} needs a criterion_id")
    verdict, evidence = _offline(item)
    title = str(item.get("title") or item["criterion_id"])
    return Criterion(item["criterion_id"], title, str(item.get("met", "")), verdict, evidence)


def _offline(item: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The offline grader's verdict and quotes; `"offline": null` (a criterion it did not
    judge) reads as missing, without quotes."""
    if "offline" not in item:
        raise PromptError(f"criterion {item['criterion_id']} has no offline entry")
    offline = item["offline"] if item["offline"] is not None else NOT_JUDGED
    verdict = offline.get("verdict") if isinstance(offline, dict) else None
    quotes = offline.get("evidence", []) if isinstance(offline, dict) else None
    if verdict not in VERDICTS or not _all_text(quotes):
        wanted = f"a verdict among {', '.join(VERDICTS)} and evidence as a list of quotes"
        raise PromptError(f"criterion {item['criterion_id']}: offline needs {wanted}")
    return str(verdict), tuple(quotes)


def _all_text(quotes: object) -> TypeGuard[list[str]]:
    return isinstance(quotes, list) and all(isinstance(quote, str) for quote in quotes)
