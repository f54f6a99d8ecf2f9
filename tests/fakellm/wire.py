"""The JSON the fake sends, in the shapes of OpenAI's chat completions API: chat.completion,
chat.completion.chunk, the model list and the error body."""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.fakellm.actions import JsonContent

CREATED = 1_700_000_000  # a fixed timestamp: nothing the fake sends depends on the clock
FINGERPRINT = "fp_fake"
ERRORS = {  # code -> (message, type, code) as OpenAI words them
    429: ("Rate limit reached for requests.", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request.", "server_error", "server_error"),
    503: ("The model is overloaded; try again later.", "server_error", "overloaded"),
}


def as_text(content: JsonContent) -> str:
    """The message content as the model would write it: a dict as compact JSON."""
    return content if isinstance(content, str) else json.dumps(content)


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    total = prompt_tokens + completion_tokens
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": total,
    }


def message(content: str | None, refusal: str | None = None) -> dict[str, Any]:
    return {"role": "assistant", "content": content, "refusal": refusal, "annotations": []}


def completion(
    ident: str, model: str, msg: dict[str, Any], finish_reason: str, tokens: dict[str, int]
) -> dict[str, Any]:
    """A whole (non-streamed) chat.completion with one choice."""
    choice = {"index": 0, "message": msg, "logprobs": None, "finish_reason": finish_reason}
    return {**_head(ident, model, "chat.completion"), "choices": [choice], "usage": tokens}


def chunk(
    ident: str, model: str, delta: dict[str, Any], finish_reason: str | None = None
) -> dict[str, Any]:
    """One chat.completion.chunk carrying a delta of the single choice."""
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
    return {**_head(ident, model, "chat.completion.chunk"), "choices": [choice]}


def usage_chunk(ident: str, model: str, tokens: dict[str, int]) -> dict[str, Any]:
    """The last chunk when `stream_options.include_usage` is set: no choices, the usage."""
    return {**_head(ident, model, "chat.completion.chunk"), "choices": [], "usage": tokens}


def _head(ident: str, model: str, kind: str) -> dict[str, Any]:
    return {
        "id": ident,
        "object": kind,
        "created": CREATED,
        "model": model,
        "system_fingerprint": FINGERPRINT,
    }


def models(model: str) -> dict[str, Any]:
    entry = {"id": model, "object": "model", "created": CREATED, "owned_by": "drill-tests"}
    return {"object": "list", "data": [entry]}


def error(status: int, message_text: str | None = None) -> dict[str, Any]:
    """OpenAI's error body for a status; `message_text` overrides the usual message."""
    fallback = ("invalid_request_error" if status < 500 else "server_error", None)
    text, kind, code = ERRORS.get(status, (f"Error {status}.", *fallback))
    return {"error": {"message": message_text or text, "type": kind, "code": code}}


def pieces(text: str, count: int) -> list[str]:
    """The text cut into `count` nearly equal non-empty pieces (fewer if it is shorter)."""
    count = max(1, min(count, len(text)))
    size, extra = divmod(len(text), count)
    bounds = [i * size + min(i, extra) for i in range(count + 1)]
    return [text[start:end] for start, end in itertools.pairwise(bounds)]
