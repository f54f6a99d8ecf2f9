"""Model feedback over real HTTP against the fake OpenAI-compatible server: streamed and
grounded criterion by criterion, cached, retried as the server asks, stopped by the breaker
and the budget, and every fault a `fallback` event with a one-line notice."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from app.clock import ManualClock
from app.feedback.llm.client import LlmClient
from app.feedback.llm.resilience import Backoff, CircuitBreaker
from app.feedback.llm.service import CacheEntry, Event, ModelFeedback
from app.feedback.llm.task import FeedbackTask
from tests.fakellm import FakeLlm, Hang, Malformed, Refusal, Reply, Status, Truncated, fabricating
from tests.feedback.llm import tasks
from tests.feedback.llm.memory import MemoryBudget, MemoryCache

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class Waits:
    """The service's sleep: records each wait and moves the test's clock by it."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock, self.seconds = clock, list[float]()

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        self.clock.advance(seconds)


@pytest.fixture
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


def _service(fake: FakeLlm, clock: ManualClock, **options: Any) -> ModelFeedback:
    client = LlmClient(
        base_url=fake.base_url,
        model="fake-model",
        api_key=None,
        timeout_s=options.pop("timeout_s", 30),
    )
    breaker = CircuitBreaker(options.pop("failures", 3), 120, clock)
    return ModelFeedback(
        client=client,
        backoff=Backoff(options.pop("retries", 2)),
        breaker=breaker,
        clock=clock,
        sleep=Waits(clock),
        rng=random.Random(3),
        **options,
    )


def _run(
    service: ModelFeedback,
    task: FeedbackTask,
    cache: MemoryCache | None = None,
    budget: MemoryBudget | None = None,
) -> list[Event]:
    return list(service.events(task, cache or MemoryCache(), budget or MemoryBudget()))


def _names(events: list[Event]) -> list[str]:
    return [name for name, _ in events]


def test_feedback_streams_a_grounded_criterion_each_then_done(
    fake: FakeLlm, clock: ManualClock
) -> None:
    task = tasks.behavioral()
    events = _run(_service(fake, clock), task)
    assert _names(events) == ["start"] + ["criterion"] * len(task.rubric) + ["done"]
    offline = {c.criterion_id: c.verdict for s in task.offline.sections for c in s.criteria}
    for _, data in events[1:-1]:
        assert (
            data["criterion"]["verdict"]
            == data["offline"]
            == offline[data["criterion"]["criterion_id"]]
        )
        assert data["agrees"] and data["dropped"] == []
    done = events[-1][1]
    assert done["disagreements"] == 0 and done["tokens"] > 0 and not done["cached"]
    assert done["feedback"]["source"] == "llm" and len(done["follow_ups"]) == 2
    body = fake.requests[0].body
    assert body["stream"] is True and body["response_format"]["type"] == "json_schema"
    assert body["model"] == "fake-model"


def test_the_same_answer_is_served_from_the_cache_and_another_is_not(
    fake: FakeLlm, clock: ManualClock
) -> None:
    service, cache = _service(fake, clock), MemoryCache()
    first = _run(service, tasks.design(), cache)
    again = _run(service, tasks.design(), cache)
    assert len(fake.requests) == 1
    assert again[0] == ("start", {"model": "fake-model", "cached": True})
    assert again[1:-1] == first[1:-1] and again[-1][1]["cached"] is True
    _run(service, tasks.design(text=tasks.SCALING + " Reads go to 3 replicas."), cache)
    assert len(fake.requests) == 2


def test_a_429_is_retried_after_the_seconds_the_server_asks(
    fake: FakeLlm, clock: ManualClock
) -> None:
    fake.script(Status(429, headers={"Retry-After": "7"}))
    service = _service(fake, clock)
    events = _run(service, tasks.design())
    assert _names(events)[-1] == "done" and service.sleep.seconds == [7.0]  # type: ignore[attr-defined]
    assert len(fake.requests) == 2


def test_server_errors_back_off_with_jitter_then_fall_back(
    fake: FakeLlm, clock: ManualClock
) -> None:
    fake.script(Status(500), Status(502), Status(503))
    service = _service(fake, clock, failures=5)
    events = _run(service, tasks.design())
    assert _names(events) == ["start", "fallback"]
    assert events[-1][1]["reason"] == "server_error" and "offline grader" in events[-1][1]["notice"]
    waits = service.sleep.seconds  # type: ignore[attr-defined]
    assert len(waits) == 2 and 0 <= waits[0] <= 1 and 0 <= waits[1] <= 2
    assert len(fake.requests) == 3


def test_the_breaker_stops_calls_after_failures_and_a_trial_resumes_them(
    fake: FakeLlm, clock: ManualClock
) -> None:
    fake.script(Status(500), Status(500))
    service = _service(fake, clock, failures=2, retries=1)
    assert _run(service, tasks.design())[-1][1]["reason"] == "server_error"
    assert _run(service, tasks.design())[-1][1]["reason"] == "circuit_open"
    assert len(fake.requests) == 2
    clock.advance(120)
    assert _names(_run(service, tasks.design()))[-1] == "done"
    assert service.breaker.state == "closed"


def test_a_hang_past_the_timeout_falls_back(fake: FakeLlm, clock: ManualClock) -> None:
    fake.script(Hang())
    events = _run(_service(fake, clock, retries=0, timeout_s=0.5), tasks.design())
    assert events[-1] == ("fallback", {"reason": "timeout", "notice": events[-1][1]["notice"]})
    assert "did not answer in time" in events[-1][1]["notice"]


def test_a_reply_outside_the_schema_is_asked_for_again_as_prompted_json(
    fake: FakeLlm, clock: ManualClock
) -> None:
    fake.script(Malformed())
    events = _run(_service(fake, clock), tasks.design())
    assert _names(events)[-1] == "done"
    retry = fake.requests[1].body
    assert "response_format" not in retry and not retry.get("stream")
    assert "JSON Schema" in fake.requests[1].message("system")


def test_a_reply_that_never_validates_is_a_fault(fake: FakeLlm, clock: ManualClock) -> None:
    fake.script(Malformed(), Malformed())
    events = _run(_service(fake, clock), tasks.design())
    assert events[-1][1]["reason"] == "invalid" and len(fake.requests) == 2


def test_a_stream_cut_short_keeps_the_criteria_sent_and_ends_in_a_notice(
    fake: FakeLlm, clock: ManualClock
) -> None:
    task = tasks.behavioral()
    reply = _echo(fake, task)
    cut = json.dumps(reply).index(task.rubric[3].criterion_id)  # three criteria complete
    fake.script(Truncated(reply, after_chars=cut))
    events = _run(_service(fake, clock), task)
    assert _names(events) == ["start", "criterion", "criterion", "criterion", "fallback"]
    assert events[-1][1]["reason"] == "truncated"
    assert (
        len(fake.requests) == 2
    )  # the echo, then the cut stream: no retry after criteria were shown


def test_a_refusal_is_not_retried(fake: FakeLlm, clock: ManualClock) -> None:
    fake.script(Refusal())
    events = _run(_service(fake, clock), tasks.design())
    assert events[-1][1]["reason"] == "refused" and len(fake.requests) == 1


def test_fabricated_quotes_are_dropped_and_the_verdicts_lowered(
    fake: FakeLlm, clock: ManualClock
) -> None:
    fake.responder = fabricating
    task = tasks.behavioral()
    events = _run(_service(fake, clock), task)
    criteria = [data for name, data in events if name == "criterion"]
    assert len(criteria) == len(task.rubric)  # the invented criterion is not among them
    assert all(c["criterion"]["evidence"] == [] and c["dropped"] for c in criteria)
    assert all(c["criterion"]["verdict"] == "missing" for c in criteria)
    assert events[-1][1]["disagreements"] == sum(c["offline"] != "missing" for c in criteria)


def test_the_daily_budget_stops_calls_once_used_up(fake: FakeLlm, clock: ManualClock) -> None:
    first, second = tasks.design(), tasks.design(text=tasks.SCALING + " One leader writes.")
    reply = _echo(fake, first)
    fake.script(Reply(reply, prompt_tokens=150, completion_tokens=50), Reply(reply))
    service, budget = _service(fake, clock, daily_budget=250), MemoryBudget()
    assert _run(service, first, budget=budget)[-1][1]["tokens"] == 200
    assert budget.used == 200
    assert _names(_run(service, second, budget=budget))[-1] == "done"  # 200 < 250: one more
    third = tasks.design(text=tasks.SCALING + " Hot keys get their own shard.")
    assert _run(service, third, budget=budget)[-1][1]["reason"] == "budget"
    assert len(fake.requests) == 3  # the echo asked for by the test, then two


def test_judge_parses_one_structured_response(fake: FakeLlm, clock: ManualClock) -> None:
    feedback = _service(fake, clock).judge(tasks.design()).feedback
    assert feedback.source == "llm"
    assert "stream" not in fake.requests[0].body or fake.requests[0].body["stream"] is False


def _echo(fake: FakeLlm, task: FeedbackTask) -> dict[str, Any]:
    """The reply the echo responder gives for `task` (asked for once, over HTTP)."""
    events = _run(_service(fake, ManualClock(T0)), task)
    done = events[-1][1]["feedback"]
    criteria = [
        {
            "criterion_id": c["criterion_id"],
            "verdict": c["verdict"],
            "evidence": c["evidence"],
            "rationale": c["rationale"],
        }
        for s in done["sections"]
        for c in s["criteria"]
    ]
    return {"criteria": criteria, "fixes": [], "follow_ups": [], "level": None, "level_reasons": []}


def test_a_cached_reply_is_grounded_again_when_it_is_served(
    fake: FakeLlm, clock: ManualClock
) -> None:
    task, service, cache = tasks.design(), _service(fake, clock), MemoryCache()
    criterion = task.rubric[0].criterion_id
    reply = {
        "criteria": [
            {
                "criterion_id": criterion,
                "verdict": "met",
                "evidence": ["not in it"],
                "rationale": "r",
            }
        ],
        "fixes": [],
        "follow_ups": [],
        "level": None,
        "level_reasons": [],
    }
    cache.put(
        service.cache_key(task),
        CacheEntry("design_stage/1", "fake-model", {"reply": reply, "tokens": 9}, 9),
    )
    events = _run(service, task, cache)
    assert fake.requests == [] and events[0][1]["cached"] is True
    assert events[1][1]["criterion"]["verdict"] == "missing" and events[1][1]["dropped"] == [
        "not in it"
    ]
    assert events[-1][1]["tokens"] == 9 and events[-1][1]["cached"] is True


def test_a_503_that_says_when_to_come_back_is_waited_for(fake: FakeLlm, clock: ManualClock) -> None:
    fake.script(Status(503, headers={"Retry-After": "4"}))
    service = _service(fake, clock)
    assert _names(_run(service, tasks.design()))[-1] == "done"
    assert service.sleep.seconds == [4.0]  # type: ignore[attr-defined]


def test_the_cache_key_follows_what_the_model_is_shown(fake: FakeLlm, clock: ManualClock) -> None:
    service, task = _service(fake, clock), tasks.design()
    asked = tasks.design(replies=[("Why?", "Because.")])
    other_findings = FeedbackTask(**{**task.__dict__, "offline": tasks.behavioral().offline})
    keys = {service.cache_key(t) for t in (task, asked, other_findings)}
    assert len(keys) == 3 and service.cache_key(tasks.design()) == service.cache_key(task)
