"""Model feedback on one task, as a stream of events: the cache first, then the budget and
the circuit breaker, then the model (retried with backoff), each criterion grounded and set
beside the offline verdict as it arrives; any fault ends the stream with a one-line notice,
and the offline feedback stands. Event names and data: docs/llm.md."""

from __future__ import annotations

import hashlib
import itertools
import random
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.clock import Clock
from app.feedback.llm.client import LlmClient, LlmFault, ReplyDone
from app.feedback.llm.guard import Fence
from app.feedback.llm.merge import Grounding, Judged, disagreements, merged
from app.feedback.llm.metrics import LlmMetrics
from app.feedback.llm.notices import notice
from app.feedback.llm.prompts import prompt_version, render
from app.feedback.llm.resilience import Backoff, CircuitBreaker, retry_after_s
from app.feedback.llm.task import FeedbackTask, LlmReply
from app.feedback.model import Feedback

Event = tuple[str, dict[str, Any]]  # (name, data) of one server-sent event


@dataclass(frozen=True)
class Judgement:
    """The model's feedback, grounded, and its reply as it came (what grounding took out)."""

    feedback: Feedback
    reply: LlmReply


@dataclass(frozen=True)
class CacheEntry:
    prompt: str  # the prompt's version
    model: str
    result: dict[str, Any]  # the model's reply as it came, and the tokens it cost
    tokens: int


class Cache(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, entry: CacheEntry) -> None: ...


class Budget(Protocol):
    def used_today(self) -> int: ...

    def spend(self, tokens: int) -> None: ...


@dataclass
class ModelFeedback:
    """The configured model, with its retry policy, breaker and counters (one per server)."""

    client: LlmClient
    backoff: Backoff
    breaker: CircuitBreaker
    clock: Clock
    daily_budget: int | None = None
    metrics: LlmMetrics = field(default_factory=LlmMetrics)
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    @property
    def model(self) -> str:
        return self.client.model

    def cache_key(self, task: FeedbackTask) -> str:
        parts = (
            prompt_version(task.template),
            self.model,
            task.rubric_digest(),
            task.answer_digest(),
        )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def events(self, task: FeedbackTask, cache: Cache, budget: Budget) -> Iterator[Event]:
        """The feedback stream for `task`; it ends with a `done` or a `fallback` event."""
        key = self.cache_key(task)
        stored = cache.get(key)
        if stored is not None:
            self.metrics.feedback.labels("cache").inc()
            yield from self._replay(task, stored)
            return
        if self.daily_budget is not None and budget.used_today() >= self.daily_budget:
            yield self._fallback("budget")
            return
        yield "start", {"model": self.model, "cached": False}
        try:
            done, grounding, sent = yield from self._judge(task)
        except LlmFault as fault:
            yield self._fallback(fault.reason, str(fault))
            return
        tokens = done.usage.total
        paid = {"reply": done.reply.model_dump(mode="json"), "tokens": tokens}
        cache.put(key, CacheEntry(prompt_version(task.template), self.model, paid, tokens))
        budget.spend(tokens)
        self._count(done)
        yield "done", _summary(task, grounding, done.reply, sent, tokens=tokens)

    def judge(self, task: FeedbackTask) -> Judgement:
        """The model's feedback in one response (structured output by `parse`), for
        `drill feedback eval`: no cache, no budget, and a fault is raised."""
        steps = self._judge(task, streamed=False)
        while True:
            try:
                next(steps)
            except StopIteration as stop:
                done, _, sent = stop.value
                return Judgement(merged(task, done.reply, sent), done.reply)

    def _replay(self, task: FeedbackTask, stored: dict[str, Any]) -> Iterator[Event]:
        """A reply paid for before, grounded again (so checks added since apply to it)."""
        reply, grounding = LlmReply.model_validate(stored["reply"]), Grounding(task)
        sent: list[Judged] = []
        yield "start", {"model": self.model, "cached": True}
        for raw in reply.criteria:
            yield from _send(grounding.criterion(raw), sent)
        yield "done", _summary(task, grounding, reply, sent, tokens=stored["tokens"], cached=True)

    def _judge(
        self, task: FeedbackTask, *, streamed: bool = True
    ) -> Generator[Event, None, tuple[ReplyDone, Grounding, list[Judged]]]:
        """Ask the model, retrying a fault that happened before any criterion was sent."""
        grounding, sent = Grounding(task), list[Judged]()
        for attempt in itertools.count(1):
            if not self.breaker.allow():
                raise LlmFault("circuit_open", "model calls are paused after repeated failures")
            try:
                done = yield from self._request(task, grounding, sent, streamed)
            except LlmFault as fault:
                self.breaker.failed()
                wait = None if sent else self._wait(fault, attempt)
                if wait is None:
                    raise
                self.sleep(wait)
                continue
            self.breaker.succeeded()
            for raw in done.reply.criteria:  # those the stream had not finished, or all of them
                yield from _send(grounding.criterion(raw), sent)
            return done, grounding, sent
        raise AssertionError("unreachable")

    def _request(
        self, task: FeedbackTask, grounding: Grounding, sent: list[Judged], streamed: bool
    ) -> Generator[Event, None, ReplyDone]:
        """One request (streamed, or parsed whole); a reply the schema did not hold is asked
        for again as prompted JSON (servers that take a schema without keeping to it)."""
        fence, started, outcome = Fence.new(), time.perf_counter(), "ok"
        messages = render(task, fence)
        try:
            try:
                items = self.client.stream(messages) if streamed else [self.client.parse(messages)]
                for item in items:
                    if isinstance(item, ReplyDone):
                        return item
                    yield from _send(grounding.criterion(item.criterion), sent)
                raise LlmFault("truncated", "the stream ended before the reply did")
            except LlmFault as fault:
                if fault.reason not in ("invalid", "rejected") or sent:
                    raise
                return self.client.prompted(render(task, fence, prompted_json=True))
        except LlmFault as fault:
            outcome = fault.reason
            raise
        finally:
            self.metrics.latency.labels(self.model, outcome).observe(time.perf_counter() - started)

    def _wait(self, fault: LlmFault, attempt: int) -> float | None:
        if not fault.retryable:
            return None
        retry_after = retry_after_s(fault.headers, self.clock.now())
        return self.backoff.delay(attempt, retry_after, self.rng)

    def _count(self, done: ReplyDone) -> None:
        self.metrics.tokens.labels(self.model, "prompt").inc(done.usage.prompt_tokens)
        self.metrics.tokens.labels(self.model, "completion").inc(done.usage.completion_tokens)
        self.metrics.feedback.labels("model").inc()

    def _fallback(self, reason: str, detail: str = "") -> Event:
        self.metrics.feedback.labels(f"fallback: {reason}").inc()
        return "fallback", {"reason": reason, "notice": notice(reason, detail)}


def _summary(
    task: FeedbackTask,
    grounding: Grounding,
    reply: LlmReply,
    sent: list[Judged],
    *,
    tokens: int,
    cached: bool = False,
) -> dict[str, Any]:
    """The `done` event's data: the whole feedback and how it compares with the offline."""
    feedback = merged(task, reply, sent)
    return {
        "feedback": feedback.model_dump(mode="json"),
        "disagreements": disagreements(feedback, task.offline),
        "follow_ups": feedback.sections[-1].follow_ups,
        "addressed_to_grader": grounding.flagged,
        "tokens": tokens,
        "cached": cached,
    }


def _send(judged: Judged | None, sent: list[Judged]) -> Iterator[Event]:
    """A grounded criterion's event, once per criterion (unknown ones are dropped)."""
    if judged is None or judged.criterion.criterion_id in {j.criterion.criterion_id for j in sent}:
        return
    sent.append(judged)
    yield "criterion", judged.event()
