"""The request body contract, kept in one place before any route reads a byte.

A body must arrive in full within the time allowed (408 `request_timeout`), fit the size limit
whether or not Content-Length is sent (413 `payload_too_large`), be declared as JSON when it is
not empty (415 `unsupported_media_type`) and be well-formed JSON (400 `malformed_json`): UTF-8,
no lone surrogate, no NaN, numbers of sane length, nested at most MAX_DEPTH deep.

The body is read whole here (the size limit keeps it small) and handed on to the app. FastAPI's
own body reading turns any failure inside `receive` or the JSON decoder into a generic 400; here
it only ever meets a body that keeps the contract.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import problem

MAX_DEPTH = 32  # request bodies nest two or three deep; a deep document is an attack
MAX_DIGITS = 100  # more digits than any count or limit needs (Python refuses past 4,300)
SEND_JSON = "Send one JSON document, UTF-8 encoded, with Content-Type: application/json."


class BodyRefused(Exception):
    """A body that breaks the contract. `close`: part of it is left unread on the wire, so the
    connection cannot carry another request."""

    def __init__(self, status: int, code: str, detail: str, *, close: bool = False) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.close = status, code, detail, close


class RequestBody:
    """Read and check every request body before the app sees it (pure ASGI middleware)."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float) -> None:
        self.app, self.max_bytes, self.timeout_s = app, max_bytes, timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            message = await self._read(scope, receive)
            if message["type"] == "http.request":
                check_json_body(Headers(scope=scope), message["body"])
        except BodyRefused as refusal:
            await _refuse(scope, receive, send, refusal)
            return
        await self.app(scope, _replay(message, receive), send)

    async def _read(self, scope: Scope, receive: Receive) -> Message:
        """The whole body as one message (or the client's disconnect), within size and time."""
        if _declared_length(scope) > self.max_bytes:
            raise _too_large()
        try:
            with anyio.fail_after(self.timeout_s):
                return await self._gather(receive)
        except TimeoutError:
            detail = (
                f"The request body did not arrive within {self.timeout_s:g} s (fewer bytes than "
                "Content-Length promised, or too slowly). Send the request again, whole."
            )
            raise BodyRefused(408, "request_timeout", detail, close=True) from None

    async def _gather(self, receive: Receive) -> Message:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return message  # the client went away: the app hears it as it would have
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                raise _too_large()
            if not message.get("more_body", False):
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}


def check_json_body(headers: Headers, body: bytes) -> None:
    """Refuse a non-empty body that is not declared as JSON, or is not well-formed JSON.
    An empty body passes: the route decides whether it needs one."""
    if not body:
        return
    declared = headers.get("content-type")
    if not _is_json(declared or ""):
        said = f"this one is {declared!r}" if declared else "this one has no Content-Type"
        detail = f"The request body must be JSON ({said}). {SEND_JSON}"
        raise BodyRefused(415, "unsupported_media_type", detail)
    parse_json(body)


def parse_json(body: bytes) -> Any:
    """The JSON document in `body`, or BodyRefused saying what is wrong with it."""
    try:
        document = json.loads(body.decode("utf-8-sig"), parse_constant=_no_constant, parse_int=_int)
        if _nesting(document) > MAX_DEPTH:
            raise RecursionError
        json.dumps(document, ensure_ascii=False).encode()  # a lone surrogate cannot be encoded
    except UnicodeDecodeError as error:
        raise _malformed(f"byte {error.start} is not UTF-8") from None
    except UnicodeEncodeError:
        raise _malformed("it holds a lone surrogate escape such as \\ud800") from None
    except RecursionError:
        raise _malformed(f"it nests more than {MAX_DEPTH} arrays or objects deep") from None
    except ValueError as error:  # json.JSONDecodeError, and the refusals of the hooks below
        raise _malformed(str(error)) from None
    return document


def _is_json(content_type: str) -> bool:
    """application/json or application/<anything>+json, with any parameters (charset...)."""
    media_type = content_type.split(";")[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number has more than {MAX_DIGITS} digits")
    return int(digits)


def _nesting(document: Any) -> int:
    """How deep arrays and objects nest (iteratively: a deep document cannot exhaust a stack)."""
    deepest, pending = 0, [(document, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in item)
    return deepest


def _malformed(reason: str) -> BodyRefused:
    detail = f"The request body is not valid JSON: {reason}. {SEND_JSON}"
    return BodyRefused(400, "malformed_json", detail)


def _too_large() -> BodyRefused:
    detail = "The request body is larger than the server accepts; send less (a shorter query)."
    return BodyRefused(413, "payload_too_large", detail, close=True)


async def _refuse(scope: Scope, receive: Receive, send: Send, refusal: BodyRefused) -> None:
    response = problem(refusal.status, refusal.code, refusal.detail, Request(scope, receive))
    if refusal.close:
        response.headers["connection"] = "close"
    await response(scope, receive, send)


def _replay(message: Message, receive: Receive) -> Receive:
    """The app's `receive`: the message read here, then whatever the client sends next."""
    pending = [message]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
