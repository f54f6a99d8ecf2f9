"""uvicorn's HTTP/1.1 protocol (h11) with a time limit on a request's headers.

uvicorn waits for headers forever: a connection that opens and sends nothing, or half a request
line, is held until the client lets go, and a few hundred of them hold the server. The body's
time limit is kept by the app (body.py), which can answer it with a 408.
"""

from __future__ import annotations

import asyncio
from functools import cache

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.settings import Settings


@cache
def headers_timeout_s() -> float:
    return Settings().request_timeout_s


class TimedH11Protocol(H11Protocol):
    """Close a connection whose next request has not arrived (headers complete) within the
    request timeout, counted from when the connection opened or its last response was sent."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_a_request()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._expect_a_request()

    def _expect_a_request(self) -> None:
        last = self.cycle  # a new request replaces it: then this deadline is moot

        def close_if_none_came() -> None:
            if self.cycle is last and self.conn.their_state is h11.IDLE:
                self.transport.close()

        self.loop.call_later(headers_timeout_s(), close_if_none_came)
