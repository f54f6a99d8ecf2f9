"""How an explain question is graded, in the sentences shown on it."""

from __future__ import annotations

from app.kinds.explain.models import Ask, ExplainQuestion
from app.plans.probes import probe_named
from app.plans.reads import PASS_THROUGH

ROW_RANKINGS = frozenset({"max_actual_rows", "worst_misestimate"})


def rules(question: ExplainQuestion) -> list[str]:
    return [
        "Each ask is graded on its own; your score is the share of asks you got right, and "
        "the question is solved when every ask is right.",
        _source_rule(question),
        *(f"{ask.id}: {_ask_rule(ask)}" for ask in question.asks),
        "Wrong asks are marked as you answer; the right answers and why are shown once you "
        "solve the question or give up.",
    ]


def _source_rule(question: ExplainQuestion) -> str:
    if question.plan.source == "postgres":
        return (
            "The plan was recorded from PostgreSQL 15 with EXPLAIN (ANALYZE, BUFFERS); rows "
            "and loops are PostgreSQL's (the tree shows rows as totals over all loops)."
        )
    return (
        f"The plan is DuckDB's profile of the query, run on the {question.plan.dataset} "
        "dataset when the question is shown: its row counts are exact and stable, its times "
        "vary from run to run (no ask depends on them)."
    )


def _ask_rule(ask: Ask) -> str:
    probe = probe_named(ask.probe)
    if ask.answer == "operator":
        rule = "pick one operator on the tree; exactly one is right."
        if ask.probe in ROW_RANKINGS:
            names = " and ".join(sorted(PASS_THROUGH))
            rule += f" Operators that only hand their input's rows on ({names}) are not counted."
    elif ask.answer == "choice":
        rule = "choose one of the options; exactly one is right."
    elif ask.tolerance:
        rule = f"a number, right within {ask.tolerance:.0%} of the plan's value."
    else:
        rule = "a number, right only when it is exactly the plan's value."
    return f"{rule} {probe.rule}".strip()
