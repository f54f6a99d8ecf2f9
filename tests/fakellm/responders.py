"""Default responders: they read the grading prompt and answer with an LlmReply (the schema in
the feature's spec) built from it, so a test needs no script for a plain answer.

- `echo_offline` agrees with the offline grader: its verdicts and quotes, its own rationales.
- `fabricating` claims everything is met with quotes the answer does not hold, and adds a
  criterion the rubric lacks: what grounding must take apart.
"""

from __future__ import annotations

import json
from typing import Any

from tests.fakellm.actions import Action, RecordedRequest, Reply
from tests.fakellm.prompt import Criterion, GradingPrompt, read_prompt

RANK = {"missing": 0, "partial": 1, "met": 2}  # weakest first
STREAMED_CHUNKS = 8  # enough deltas that criteria finish one by one while streaming


def echo_offline(request: RecordedRequest) -> Action:
    """The offline verdicts and evidence, fixes from the criteria not met, follow-ups about
    the weakest criterion, a level from the share of criteria met."""
    criteria = read_prompt(request).criteria
    reply = {
        "criteria": [_echoed(criterion) for criterion in criteria],
        "fixes": _fixes(criteria),
        "follow_ups": _follow_ups(min(criteria, key=lambda c: RANK[c.verdict]).title),
        "level": _level(criteria),
        "level_reasons": [_tally(criteria)],
    }
    return _reply(request, reply)


def fabricating(request: RecordedRequest) -> Action:
    """Every verdict met, every quote invented, plus one criterion id not in the rubric."""
    prompt = read_prompt(request)
    invented = Criterion(_unknown_id(prompt), "Invented criterion", "", "met", ())
    reply = {
        "criteria": [_fabricated(c, prompt.answer) for c in (*prompt.criteria, invented)],
        "fixes": [],
        "follow_ups": _follow_ups(prompt.criteria[0].title),
        "level": "staff",
        "level_reasons": ["Every criterion is met in depth."],
    }
    return _reply(request, reply)


def _echoed(criterion: Criterion) -> dict[str, Any]:
    rationale = f"Read against '{criterion.title}', the answer is {criterion.verdict}."
    return _judged(criterion, criterion.verdict, list(criterion.evidence), rationale)


def _fabricated(criterion: Criterion, answer: str) -> dict[str, Any]:
    quote = _absent(f"we run {criterion.criterion_id} in seven regions with no downtime", answer)
    return _judged(criterion, "met", [quote], f"'{criterion.title}' is covered thoroughly.")


def _judged(criterion: Criterion, verdict: str, evidence: list[str], why: str) -> dict[str, Any]:
    return {
        "criterion_id": criterion.criterion_id,
        "verdict": verdict,
        "evidence": evidence,
        "rationale": why,
    }


def _fixes(criteria: tuple[Criterion, ...]) -> list[str]:
    """At most three, the missing criteria before the partial ones, in rubric order."""
    unmet = sorted((c for c in criteria if c.verdict != "met"), key=lambda c: RANK[c.verdict])
    return [f"{c.title}: {c.met or 'address it explicitly.'}" for c in unmet[:3]]


def _follow_ups(title: str) -> list[str]:
    return [
        f"How would {title} hold up if the load grew tenfold?",
        f"What did you trade away in {title}, and what would change your choice?",
    ]


def _level(criteria: tuple[Criterion, ...]) -> str:
    score = sum(RANK[c.verdict] for c in criteria) / (2 * len(criteria))
    return "senior" if score >= 0.9 else "mid" if score >= 0.5 else "junior"


def _tally(criteria: tuple[Criterion, ...]) -> str:
    counts = {verdict: sum(c.verdict == verdict for c in criteria) for verdict in RANK}
    return f"{counts['met']} of {len(criteria)} criteria met, {counts['partial']} partial."


def _absent(quote: str, answer: str) -> str:
    """The quote, lengthened until the answer does not contain it."""
    while quote in answer:
        quote += " again"
    return quote


def _unknown_id(prompt: GradingPrompt) -> str:
    known = {criterion.criterion_id for criterion in prompt.criteria}
    return next(f"invented-{n}" for n in range(len(known) + 1) if f"invented-{n}" not in known)


def _reply(request: RecordedRequest, content: dict[str, Any]) -> Reply:
    """The reply with token counts that grow with the texts (about four characters a token)."""
    sent = sum(len(request.message(role)) for role in ("system", "user"))
    made = len(json.dumps(content))
    return Reply(content, sent // 4 + 1, made // 4 + 1, chunks=STREAMED_CHUNKS)
