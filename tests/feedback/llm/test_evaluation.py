"""Measuring a model on labelled answers: both columns on the same pairs (an answer the model
failed on and a criterion it skipped are left out of both), what grounding dropped counted,
and the model's own reply given with its feedback, over real HTTP to the fake."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.clock import ManualClock
from app.feedback.llm.client import LlmClient, LlmFault
from app.feedback.llm.evaluation import Case, SetResult, evaluate_set, report
from app.feedback.llm.resilience import Backoff, CircuitBreaker
from app.feedback.llm.service import Judgement, ModelFeedback
from app.feedback.llm.task import FeedbackTask, LlmCriterion, LlmReply
from app.feedback.model import Feedback, Verdict
from tests.fakellm import FakeLlm, Malformed, fabricating
from tests.feedback.llm import tasks


def _case(name: str = "story #1 (main, strong)") -> Case:
    task = tasks.behavioral()
    labels: dict[str, Verdict] = {line.criterion_id: "met" for line in task.rubric}
    return Case(name, labels, task)


def _offline(task: FeedbackTask) -> dict[str, Verdict]:
    return {c.criterion_id: c.verdict for s in task.offline.sections for c in s.criteria}


def _reply(criteria: list[LlmCriterion]) -> LlmReply:
    return LlmReply(criteria=criteria, fixes=[], follow_ups=[], level=None, level_reasons=[])


def _as_model(task: FeedbackTask, verdict: Verdict) -> Feedback:
    """The offline feedback with every verdict changed, as a model's."""
    sections = []
    for section in task.offline.sections:
        criteria = [c.model_copy(update={"verdict": verdict}) for c in section.criteria]
        sections.append(section.model_copy(update={"criteria": criteria}))
    return Feedback(source="llm", sections=sections)


def test_a_criterion_the_model_skipped_is_left_out_of_both_columns() -> None:
    case = _case()
    _, *judged = [line.criterion_id for line in case.task.rubric]
    reply = _reply([LlmCriterion(criterion_id=c, verdict="met", evidence=[], rationale="")
                    for c in judged])  # fmt: skip
    result = SetResult("behavioral", 1)
    result.add(case, _as_model(case.task, "met"), reply)
    assert result.skipped == 1
    assert [s.criterion_id for s in result.scored] == judged
    offline = _offline(case.task)
    assert all(s.model == "met" and s.offline == offline[s.criterion_id] for s in result.scored)
    assert result.rows()[-1].model.pairs == result.rows()[-1].offline.pairs == len(judged)


def test_unknown_criteria_and_quotes_not_in_the_answer_are_counted_once_per_criterion() -> None:
    case = _case()
    first = case.task.rubric[0].criterion_id
    invented = ["we shipped it to Mars", "nobody was paged"]
    reply = _reply([
        LlmCriterion(criterion_id=first, verdict="met", evidence=invented, rationale=""),
        LlmCriterion(criterion_id=first, verdict="met", evidence=["again"], rationale=""),
        LlmCriterion(criterion_id="not-in-the-rubric", verdict="met", evidence=[], rationale=""),
    ])  # fmt: skip
    result = SetResult("behavioral", 1)
    result.add(case, _as_model(case.task, "partial"), reply)
    assert (result.quotes_dropped, result.unknown_dropped) == (2, 1)
    assert result.skipped == len(case.task.rubric) - 1


def test_an_answer_the_model_failed_on_is_named_and_in_neither_column() -> None:
    def failing(task: FeedbackTask) -> Judgement:
        raise LlmFault("timeout", "the model did not answer in time")

    seen: list[tuple[str, int, int]] = []

    def progress(name: str, done: int, total: int) -> None:
        seen.append((name, done, total))

    result = evaluate_set("behavioral", [_case()], failing, progress)
    assert seen == [("behavioral", 1, 1)] and result.judged == 0 and not result.scored
    lines = report([result], "fake-model")
    assert lines[0] == "behavioral: 1 answer, 0 judged by fake-model"
    assert lines[3].split()[2:] == ["0", "-", "-", "-", "-", "-", "-"]
    assert lines[-1] == "  story #1 (main, strong): timeout: the model did not answer in time"


@pytest.fixture
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as running:
        yield running


def _judge(fake: FakeLlm) -> ModelFeedback:
    clock = ManualClock(datetime(2026, 12, 2, tzinfo=UTC))
    client = LlmClient(base_url=fake.base_url, model="fake-model", api_key=None, timeout_s=30)
    waits: list[float] = []
    feedback = ModelFeedback(
        client=client,
        backoff=Backoff(2),
        breaker=CircuitBreaker(3, 120, clock),
        clock=clock,
        sleep=waits.append,
        rng=random.Random(1),
    )
    return feedback


def test_the_judge_gives_the_grounded_feedback_and_the_reply_as_the_model_gave_it(
    fake: FakeLlm,
) -> None:
    fake.responder = fabricating
    model, task = _judge(fake), tasks.behavioral()
    judged = model.judge(task)
    feedback, reply = judged.feedback, judged.reply
    model.client.close()
    assert len(reply.criteria) == len(task.rubric) + 1  # with the invented one
    assert all(c.verdict == "met" and c.evidence for c in reply.criteria)
    graded = [c for s in feedback.sections for c in s.criteria]
    assert all(c.verdict == "missing" and c.evidence == [] for c in graded)


def test_the_judge_keeps_the_reply_asked_for_again_as_prompted_json(fake: FakeLlm) -> None:
    fake.script(Malformed())
    model, task = _judge(fake), tasks.design()
    judged = model.judge(task)
    feedback, reply = judged.feedback, judged.reply
    model.client.close()
    assert "response_format" not in fake.requests[1].body
    assert {c.criterion_id: c.verdict for c in reply.criteria} == _offline(task)
    assert feedback.source == "llm"
