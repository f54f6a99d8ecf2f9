"""Requests to an OpenAI-compatible endpoint through the openai SDK: the reply as structured
output (`parse`, or `stream` criterion by criterion), and a prompted-JSON request for servers
that take a JSON schema without keeping to it. Every failure becomes one `LlmFault`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import httpx2
import openai
import pydantic
from openai.types.chat import ChatCompletionMessageParam

from app.feedback.llm.prompts import Messages
from app.feedback.llm.task import LlmCriterion, LlmReply

FaultReason = Literal[
    "timeout", "rate_limited", "server_error", "unreachable", "rejected", "invalid", "refused",
    "truncated", "circuit_open",
]  # fmt: skip
RETRYABLE: frozenset[FaultReason] = frozenset(
    {"timeout", "rate_limited", "server_error", "unreachable"}
)


class LlmFault(Exception):
    """A request that gave no usable reply, and why."""

    def __init__(
        self, reason: FaultReason, message: str, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.headers = headers or {}

    @property
    def retryable(self) -> bool:
        return self.reason in RETRYABLE


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class CriterionDone:
    """One criterion the model has finished writing (the stream goes on)."""

    criterion: LlmCriterion


@dataclass(frozen=True)
class ReplyDone:
    reply: LlmReply
    usage: Usage


class LlmClient:
    """One endpoint and model. The SDK's own retries are off: `resilience` decides them."""

    def __init__(self, *, base_url: str, model: str, api_key: str | None, timeout_s: float) -> None:
        self.model = model
        self._sdk = openai.OpenAI(
            base_url=base_url, api_key=api_key or "unused", timeout=timeout_s, max_retries=0
        )

    def close(self) -> None:
        self._sdk.close()

    def parse(self, messages: Messages) -> ReplyDone:
        """The reply as structured output, in one response."""
        with faults():
            completion = self._sdk.chat.completions.parse(
                model=self.model, messages=_chat(messages), response_format=LlmReply
            )
        message = completion.choices[0].message
        if message.refusal:
            raise LlmFault("refused", f"the model declined: {message.refusal}")
        if message.parsed is None:
            raise LlmFault("invalid", "the reply was empty")
        return ReplyDone(message.parsed, _usage(completion.usage))

    def stream(self, messages: Messages) -> Iterator[CriterionDone | ReplyDone]:
        """The reply as structured output, each criterion given as soon as it is complete."""
        sent = 0
        with (
            faults(),
            self._sdk.chat.completions.stream(
                model=self.model,
                messages=_chat(messages),
                response_format=LlmReply,
                stream_options={"include_usage": True},
            ) as events,
            broken_off(),
        ):
            for event in events:
                if event.type == "refusal.done":
                    raise LlmFault("refused", f"the model declined: {event.refusal}")
                if event.type == "content.delta":
                    for criterion in _complete_criteria(event.parsed, sent):
                        sent += 1
                        yield CriterionDone(criterion)
            final = events.get_final_completion()
        yield _finished(final)

    def prompted(self, messages: Messages) -> ReplyDone:
        """The reply asked for as JSON in words (the system message carries the schema)."""
        with faults():
            completion = self._sdk.chat.completions.create(
                model=self.model, messages=_chat(messages)
            )
            content = completion.choices[0].message.content or ""
            reply = LlmReply.model_validate_json(_unfenced(content))
        return ReplyDone(reply, _usage(completion.usage))


def _chat(messages: Messages) -> list[ChatCompletionMessageParam]:
    return [
        {"role": "system", "content": messages.system},
        {"role": "user", "content": messages.user},
    ]


def _complete_criteria(parsed: object, sent: int) -> list[LlmCriterion]:
    """The criteria of a partial reply that are complete (a later one has begun) and not sent."""
    rows = parsed.get("criteria") if isinstance(parsed, dict) else None
    if not isinstance(rows, list):
        return []
    return [LlmCriterion.model_validate(row) for row in rows[sent : len(rows) - 1]]


def _finished(final: Any) -> ReplyDone:
    choice = final.choices[0]
    if choice.finish_reason is None:
        raise LlmFault("truncated", "the stream ended before the reply did")
    message = choice.message
    if message.refusal:
        raise LlmFault("refused", f"the model declined: {message.refusal}")
    if message.parsed is None:
        raise LlmFault("invalid", "the reply was empty")
    return ReplyDone(message.parsed, _usage(final.usage))


def _usage(usage: Any) -> Usage:
    if usage is None:
        return Usage()
    return Usage(usage.prompt_tokens or 0, usage.completion_tokens or 0)


def _unfenced(content: str) -> str:
    """JSON a model wrapped in a code fence anyway, unwrapped."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[-1].rsplit("```", 1)[0]
    return text


@contextmanager
def broken_off() -> Iterator[None]:
    """A connection lost once the reply has begun: the reply broke off (a timeout stays one)."""
    try:
        yield
    except (openai.APITimeoutError, httpx2.TimeoutException):
        raise
    except (openai.APIConnectionError, httpx2.TransportError) as error:
        raise LlmFault("truncated", "the connection broke before the reply ended") from error


@contextmanager
def faults() -> Iterator[None]:
    """Turns what the SDK, the HTTP layer and validation raise into `LlmFault`s."""
    try:
        yield
    except LlmFault:
        raise
    except Exception as error:
        fault = as_fault(error)
        if fault is None:
            raise
        raise fault from error


def as_fault(error: BaseException) -> LlmFault | None:
    """The fault an exception means, or None for one that is a bug of ours."""
    if isinstance(error, openai.APITimeoutError | httpx2.TimeoutException):
        return LlmFault("timeout", "the model did not answer in time")
    if isinstance(error, openai.RateLimitError):
        return LlmFault(
            "rate_limited", "the endpoint is rate limiting", headers=dict(error.response.headers)
        )
    if isinstance(error, openai.InternalServerError):
        headers = dict(error.response.headers)  # a 503 may say when to come back too
        return LlmFault(
            "server_error", f"the endpoint failed ({error.status_code})", headers=headers
        )
    if isinstance(error, openai.APIStatusError):
        return LlmFault(
            "rejected", f"the endpoint refused the request ({error.status_code}): {error.message}"
        )
    if isinstance(error, openai.APIConnectionError):
        return LlmFault("unreachable", "the endpoint could not be reached")
    if isinstance(error, httpx2.TransportError):
        return LlmFault("truncated", "the connection broke before the reply ended")
    if isinstance(error, pydantic.ValidationError | json.JSONDecodeError | ValueError):
        return LlmFault("invalid", "the reply did not match the feedback schema")
    if isinstance(error, openai.LengthFinishReasonError | openai.ContentFilterFinishReasonError):
        return LlmFault("invalid", "the reply was cut off")
    return None
