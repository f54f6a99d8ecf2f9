"""Method semantics: safe methods read, PUT and DELETE can be repeated, POST creates or acts.

Intent is read from the first word of an operation's operationId or summary (createPayment,
"Cancel the order"): a verb that changes state on GET is the classic mistake this catches."""

from __future__ import annotations

import re

from app.feedback.model import Verdict
from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation
from app.kinds.api.rules.base import Judgement, combine, judged, targets

CHANGES_STATE = {
    "create", "add", "delete", "remove", "update", "set", "cancel", "charge", "pay",
    "send", "mark", "approve", "reject", "refund", "capture", "submit", "increment",
    "append", "reset", "start", "stop", "trigger", "confirm", "archive",
}  # fmt: skip
READS = {"get", "fetch", "read", "retrieve", "list", "show", "find", "lookup"}
NOT_REPEATABLE = {"increment", "append", "add", "charge", "pay", "send"}
NO_BODY = {"GET", "HEAD", "DELETE"}
SAFE = {"GET", "HEAD", "OPTIONS"}


def first_verb(op: Operation) -> str:
    """The first word of the operationId (camelCase or snake_case) or else of the summary."""
    text = op.part.text("operationId") or op.part.text("summary")
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", text)
    return words[0].lower() if words else ""


def problems(op: Operation) -> list[str]:
    """What this operation says that its method contradicts."""
    verb = first_verb(op)
    found = []
    if op.method in NO_BODY and op.request_body() is not None:
        found.append(f"{op.method} with a request body (caches and proxies may drop it)")
    if op.method in SAFE and verb in CHANGES_STATE:
        found.append(f"a safe {op.method} that would {verb}: crawlers and prefetch would do it")
    if op.method in {"PUT", "DELETE"} and verb in NOT_REPEATABLE:
        found.append(f"{op.method} must be repeatable, but it would {verb} again on a retry")
    if op.method == "POST" and verb in READS:
        found.append(f"a POST that only reads ({verb}): GET is cacheable and safe to retry")
    return found


def method_semantics(document: Document, check: ApiCheck) -> Judgement:
    present, absent = targets(document, check)
    each = [_one(op) for op in present]
    each += [judged("missing", [], f"{name}: not in the document.", "") for name in absent]
    if not each:
        return judged("missing", [], "The document has no operations.", "Add the operations.")
    total = combine(each)
    wrong = sum(one.verdict != "met" for one in each)
    verdict: Verdict = "met" if not wrong else ("partial" if wrong * 2 <= len(each) else "missing")
    fix = next((one.fix for one in each if one.fix), None)
    return Judgement(verdict, total.evidence, total.rationale, fix)


def _one(op: Operation) -> Judgement:
    found = problems(op)
    if not found:
        return judged("met", [op.quote()], f"{op.name}: fits its method.", "")
    fix = (
        "Read with GET (no body), create or act with POST, replace with PUT and remove "
        "with DELETE, so retries and caches behave."
    )
    return judged("missing", [op.quote()], f"{op.name}: {'; '.join(found)}.", fix)
