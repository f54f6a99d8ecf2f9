"""What a rule returns, and the ways the rules combine what they find per operation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.feedback.model import Verdict
from app.kinds.api.document import Document
from app.kinds.api.models import ApiCheck
from app.kinds.api.operations import Operation, find, operations


@dataclass(frozen=True)
class Judgement:
    """A rule's verdict, the candidate's lines that show it, why (naming the operation) and,
    when not met, what to change."""

    verdict: Verdict
    evidence: tuple[str, ...]
    rationale: str
    fix: str | None = None


def judged(verdict: Verdict, parts: Sequence[str], rationale: str, fix: str) -> Judgement:
    """A judgement whose fix is kept only when it is not met."""
    return Judgement(
        verdict, tuple(dict.fromkeys(parts)), rationale, None if verdict == "met" else fix
    )


def by_count(found: int, wanted: int) -> Verdict:
    """All of what was wanted: met; some: partial; none: missing."""
    if found >= wanted:
        return "met"
    return "partial" if found else "missing"


def targets(document: Document, check: ApiCheck) -> tuple[list[Operation], list[str]]:
    """The operations a check judges (its own, or every one) and those it names that are absent."""
    if not check.operations:
        return operations(document), []
    found = {name: find(document, name) for name in check.operations}
    present = [op for op in found.values() if op is not None]
    return present, [name for name, op in found.items() if op is None]


OperationJudge = Callable[[Operation], Judgement]


def per_operation(document: Document, check: ApiCheck, judge: OperationJudge) -> Judgement:
    """Each target operation judged on its own; the rule is met when every one is, missing
    when none is even partly; an absent operation is missing."""
    present, absent = targets(document, check)
    each = [judge(op) for op in present]
    each += [absent_operation(name) for name in absent]
    if not each:
        return Judgement("missing", (), "The document has no operations to judge.")
    return combine(each)


def absent_operation(name: str) -> Judgement:
    return Judgement("missing", (), f"{name}: not in the document.", f"Add {name}.")


def combine(each: Sequence[Judgement]) -> Judgement:
    verdicts = {one.verdict for one in each}
    verdict: Verdict = "met" if verdicts == {"met"} else "partial"
    if verdicts == {"missing"}:
        verdict = "missing"
    evidence = [quote for one in each for quote in one.evidence]
    rationale = " ".join(one.rationale for one in each)
    fix = next((one.fix for one in each if one.fix), None)
    return Judgement(verdict, tuple(dict.fromkeys(evidence)), rationale, fix)
