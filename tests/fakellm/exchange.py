"""One chat-completions request answered on its connection: whole JSON bodies, server-sent
events in HTTP/1.1 chunks, and the connection cut short on purpose."""

from __future__ import annotations

import json
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakellm import wire
from tests.fakellm.actions import JsonContent, RecordedRequest


class Exchange:
    """Writes the answer to one request; `streams` and `include_usage` come from its body."""

    def __init__(
        self, handler: BaseHTTPRequestHandler, request: RecordedRequest, ident: str, model: str
    ) -> None:
        body = request.body if isinstance(request.body, dict) else {}
        options = body.get("stream_options") or {}
        self.handler = handler
        self.ident = ident
        self.model = str(body.get("model") or model)
        self.streams = body.get("stream") is True
        self.include_usage = self.streams and options.get("include_usage") is True

    def completion(
        self, message: dict[str, Any], finish_reason: str, tokens: dict[str, int]
    ) -> dict[str, Any]:
        """A whole chat.completion with this exchange's id and model."""
        return wire.completion(self.ident, self.model, message, finish_reason, tokens)

    def send(
        self, status: int, body: JsonContent, headers: Mapping[str, str] | None = None
    ) -> None:
        """A whole response: a dict as JSON, a string as plain text."""
        kind = "text/plain" if isinstance(body, str) else "application/json"
        data = wire.as_text(body).encode()
        length = str(len(data))
        self._head(status, {"Content-Type": kind, "Content-Length": length, **(headers or {})})
        self.handler.wfile.write(data)

    def send_cut(self, body: dict[str, Any], after: int) -> None:
        """Headers promising the whole body, then only its first `after` bytes, then the
        connection closes."""
        data = json.dumps(body).encode()
        self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(data))})
        self.handler.wfile.write(data[:after])
        self.cut()

    def start_events(self) -> None:
        headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        self._head(200, {**headers, "Transfer-Encoding": "chunked"})

    def delta(self, delta: dict[str, Any], finish_reason: str | None = None) -> None:
        """One chat.completion.chunk (with `usage: null`, as OpenAI sends it when the final
        chunk will carry the usage)."""
        chunk = wire.chunk(self.ident, self.model, delta, finish_reason)
        self._event(json.dumps({**chunk, "usage": None} if self.include_usage else chunk))

    def finish_events(self, tokens: dict[str, int]) -> None:
        """The usage chunk if the request asked for it, [DONE], and the end of the body."""
        if self.include_usage:
            self._event(json.dumps(wire.usage_chunk(self.ident, self.model, tokens)))
        self._event("[DONE]")
        self.handler.wfile.write(b"0\r\n\r\n")

    def cut(self) -> None:
        """Close the connection once the handler returns, whatever was promised."""
        self.handler.close_connection = True

    def _event(self, data: str) -> None:
        """One SSE event as one HTTP chunk, written at once so the client reads it now."""
        payload = f"data: {data}\n\n".encode()
        self.handler.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")

    def _head(self, status: int, headers: Mapping[str, str]) -> None:
        self.handler.send_response(status)
        for name, value in headers.items():
            self.handler.send_header(name, value)
        self.handler.end_headers()
