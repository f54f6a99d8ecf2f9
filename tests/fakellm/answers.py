"""The actions that answer a request at once, written as whole bodies or as streams. (Hang and
Gate wait on the fake's events first; the server handles them.)"""

from __future__ import annotations

import json

from tests.fakellm import wire
from tests.fakellm.actions import Malformed, Refusal, Reply, Status, Truncated
from tests.fakellm.exchange import Exchange

Immediate = Reply | Status | Malformed | Truncated | Refusal
FEW_CHUNKS = 3


def answer(action: Immediate, exchange: Exchange) -> None:
    if isinstance(action, Status):
        exchange.send(action.code, action.body or wire.error(action.code), action.headers)
    elif isinstance(action, Malformed):
        answer(Reply(action.text), exchange)
    elif isinstance(action, Truncated):
        _truncated(action, exchange)
    elif isinstance(action, Refusal):
        _refusal(action, exchange)
    else:
        _reply(action, exchange)


def _reply(reply: Reply, exchange: Exchange) -> None:
    text, tokens = wire.as_text(reply.content), _tokens(reply)
    if exchange.streams:
        _stream(exchange, "content", text, reply.chunks)
        exchange.delta({}, reply.finish_reason)
        exchange.finish_events(tokens)
    else:
        exchange.send(200, exchange.completion(wire.message(text), reply.finish_reason, tokens))


def _refusal(refusal: Refusal, exchange: Exchange) -> None:
    tokens = wire.usage(refusal.prompt_tokens, refusal.completion_tokens)
    if exchange.streams:
        _stream(exchange, "refusal", refusal.text, FEW_CHUNKS)
        exchange.delta({}, "stop")
        exchange.finish_events(tokens)
    else:
        exchange.send(200, exchange.completion(wire.message(None, refusal.text), "stop", tokens))


def _truncated(truncated: Truncated, exchange: Exchange) -> None:
    text = wire.as_text(truncated.content)
    if exchange.streams:
        _stream(exchange, "content", text[: truncated.after_chars], FEW_CHUNKS)
        exchange.cut()
        return
    body = exchange.completion(wire.message(text), "stop", wire.usage(0, 0))  # usage: cut off
    start = json.dumps(body).index(json.dumps(text)) + 1  # the first character of the content
    exchange.send_cut(body, start + truncated.after_chars)


def _stream(exchange: Exchange, field: str, text: str, chunks: int) -> None:
    """The events up to the finish: the role chunk, then the text in deltas of `field`
    (content, or refusal with the content null)."""
    exchange.start_events()
    opening = {"content": None, "refusal": None, field: ""}
    exchange.delta({"role": "assistant", **opening})
    for piece in wire.pieces(text, chunks):
        exchange.delta({field: piece})


def _tokens(reply: Reply) -> dict[str, int]:
    return wire.usage(reply.prompt_tokens, reply.completion_tokens)
